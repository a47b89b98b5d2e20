/**
 * Progress of a suite on stderr: a line rewritten in place on a terminal (with the share of the
 * run's timeline and an estimate of the time left), plain lines otherwise (CI logs, with a
 * heartbeat line while a long run goes on), and a one-line summary per finished run.
 */
import type { RunResult, RunTiming } from '../runner/result.ts';
import { unexpectedLostInserts } from '../runner/result.ts';
import { performance } from 'node:perf_hooks';
import { setInterval, clearInterval } from 'node:timers';
import { plural, readableCount, readableDuration, significant } from '../readable.ts';
import type { OutputStream } from './cli-process.ts';

/** A log gets a line at least this often while a run is long, so a CI step never looks hung. */
export const HEARTBEAT_MS = 15_000;

/** The wall clock progress reads; tests pass their own. */
export interface ProgressClock {
  now(): number;
  /** Calls `tick` every `ms` until the returned function is called. */
  every(ms: number, tick: () => void): () => void;
}

/** The real clock: Node's own timer (not the virtual runtime's), unref'd so it never holds the process. */
const REAL_CLOCK: ProgressClock = {
  now: () => performance.now(),
  every(ms, tick) {
    const timer = setInterval(tick, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};

/** A run under way: its label, its start ordinal, how far its timeline is. */
interface Active {
  readonly label: string;
  /** What it was expected to cost (wall ms), when the caller knows. */
  readonly estimateMs: number | undefined;
  /** `n` of `[n/total]`: the how-manieth task to start. */
  readonly ordinal: number;
  readonly startedAt: number;
  share: number;
  virtualMs: number;
  /** Whether it has a timeline (a run does, a benchmark does not). */
  timed: boolean;
}

/**
 * Progress of tasks, one at a time or several at once (`--jobs`): each `begin`, `update` and
 * `end` names the worker slot it is about (0 when there is one).
 */
export class Progress {
  private done = 0;
  private begun = 0;
  private readonly active = new Map<number, Active>();
  private lastLineAt: number;
  /** Wall time of the tasks measured in this suite, and how many (kept runs cost nothing now). */
  private measuredMs = 0;
  private measured = 0;
  /** Of the measured tasks with an estimate: what they were expected to cost, and what they did. */
  private estimatedDoneMs = 0;
  private measuredEstimatedMs = 0;
  /** The estimated cost of every task not yet begun or done (kept runs cost nothing). */
  private estimateLeftMs: number | undefined;
  private readonly stop: () => void;

  constructor(
    private readonly out: OutputStream,
    private readonly total: number,
    private readonly clock: ProgressClock = REAL_CLOCK,
    /** How many tasks run at once, for the estimate of the time left. */
    private readonly workers = 1,
    /**
     * What all the tasks to run are expected to cost (wall ms): then the time left is the
     * estimates of what is left, scaled by how the finished tasks compared with theirs.
     */
    estimatedMs?: number,
  ) {
    this.estimateLeftMs = estimatedMs;
    this.lastLineAt = clock.now();
    this.stop = clock.every(this.out.isTTY ? 1_000 : HEARTBEAT_MS / 3, () => this.tick());
  }

  begin(label: string, slot = 0, estimateMs?: number): void {
    const task: Active = {
      label,
      estimateMs,
      ordinal: ++this.begun,
      startedAt: this.clock.now(),
      share: 0,
      virtualMs: 0,
      timed: false,
    };
    this.active.set(slot, task);
    const line = `[${task.ordinal}/${this.total}] ${label} …`;
    if (this.out.isTTY)
      this.out.write(`\r\x1b[2K${this.active.size > 1 ? this.status() : `${line}${this.eta()}`}`);
    else this.line(line);
  }

  /** How far a task's timeline is; the terminal line shows it at once, a log at the next heartbeat. */
  update(virtualMs: number, endMs: number, slot = 0): void {
    const task = this.active.get(slot);
    if (!task) return;
    task.virtualMs = virtualMs;
    task.timed = true;
    task.share = endMs > 0 ? Math.min(1, virtualMs / endMs) : 1;
    if (this.out.isTTY) this.out.write(`\r\x1b[2K${this.status()}`);
  }

  end(summary: string, slot = 0): void {
    const task = this.active.get(slot);
    if (task) {
      const took = this.clock.now() - task.startedAt;
      this.measuredMs += took;
      this.measured++;
      if (task.estimateMs !== undefined) {
        this.estimatedDoneMs += task.estimateMs;
        this.measuredEstimatedMs += took;
        if (this.estimateLeftMs !== undefined) this.estimateLeftMs -= task.estimateMs;
      }
    }
    this.active.delete(slot);
    this.finish(summary);
  }

  /** A run kept from an earlier suite (`--resume`): counted, not timed. */
  kept(summary: string, estimateMs?: number): void {
    if (estimateMs !== undefined && this.estimateLeftMs !== undefined) this.estimateLeftMs -= estimateMs;
    this.finish(`${summary} (kept from the earlier suite)`);
  }

  /** Stops the heartbeat; the suite has ended. */
  close(): void {
    this.stop();
  }

  private finish(summary: string): void {
    this.done++;
    if (this.out.isTTY) this.out.write('\r\x1b[2K');
    this.line(`[${this.done}/${this.total}] ${summary}`);
    if (this.out.isTTY && this.active.size > 0) this.out.write(this.status());
  }

  private line(text: string): void {
    this.out.write(`${text}\n`);
    this.lastLineAt = this.clock.now();
  }

  private tick(): void {
    if (this.active.size === 0) return;
    if (this.out.isTTY) this.out.write(`\r\x1b[2K${this.status()}`);
    else if (this.clock.now() - this.lastLineAt >= HEARTBEAT_MS) {
      const now = this.clock.now();
      const tasks = [...this.active.values()];
      tasks.forEach((task, i) =>
        this.line(
          `${this.taskStatus(task)}${i === tasks.length - 1 ? this.eta() : ''}, ${readableDuration(now - task.startedAt)} so far`,
        ),
      );
    }
  }

  /** The terminal line: the task under way, or every task under way and how many are done. */
  private status(): string {
    const tasks = [...this.active.values()];
    if (tasks.length === 1) return `${this.taskStatus(tasks[0]!)}${this.eta()}`;
    const each = tasks.map((t) => `${t.label}${t.timed ? ` ${Math.floor(100 * t.share)}%` : ''}`);
    return `[${this.done}/${this.total} done] ${each.join(' · ')}${this.eta()}`;
  }

  private taskStatus(task: Active): string {
    const timeline = task.timed
      ? ` ${Math.floor(100 * task.share)}% of timeline (${readableDuration(task.virtualMs)} simulated)`
      : ' …';
    return `[${task.ordinal}/${this.total}] ${task.label}${timeline}`;
  }

  /**
   * `, about 3.2 min left`: the mean wall time of the tasks measured so far times the tasks left
   * (less the shares of the timelines under way done), spread over the workers; empty until one
   * task was measured.
   */
  private eta(): string {
    if (this.measured === 0) return '';
    if (this.estimateLeftMs !== undefined && this.estimatedDoneMs > 0) {
      // What is left by the estimates (less what the runs under way have done), at the pace the
      // finished runs went compared with theirs.
      let left = Math.max(0, this.estimateLeftMs);
      for (const task of this.active.values()) left -= (task.estimateMs ?? 0) * task.share;
      const pace = this.measuredEstimatedMs / this.estimatedDoneMs;
      const spread = Math.max(1, Math.min(this.workers, this.total - this.done));
      return left > 0 ? `, about ${readableDuration((left * pace) / spread)} left` : '';
    }
    const mean = this.measuredMs / this.measured;
    let left = this.total - this.done;
    for (const task of this.active.values()) left -= task.share;
    const spread = Math.max(1, Math.min(this.workers, Math.ceil(left)));
    return left > 0 ? `, about ${readableDuration((mean * left) / spread)} left` : '';
  }
}

/** One line about a finished run. */
export function describeRun(result: RunResult, timing: RunTiming | undefined): string {
  const head = `${result.scenario} × ${result.engine}`;
  switch (result.state) {
    case 'unsupported':
      return `${head}: unsupported (${result.reason})`;
    case 'errored':
      return `${head}: ERRORED: ${result.error}`;
    case 'completed': {
      const verdict = result.converged
        ? `converged ${result.convergenceMs === null ? '?' : readableDuration(result.convergenceMs)} after heal`
        : `NOT CONVERGED (${result.divergences.map((d) => `${d.replica} at ${d.firstDifferingPath}`).join('; ')})`;
      const unexpected = unexpectedLostInserts(result);
      const history = result.history;
      const lost =
        (result.notSettled !== undefined ? `, DID NOT SETTLE (${result.notSettled})` : '') +
        (unexpected > 0 ? `, ${plural(unexpected, 'LOST INSERT', 'LOST INSERTS')}` : '') +
        (history && history.violations > 0
          ? `, ${plural(history.violations, 'HISTORY VIOLATION', 'HISTORY VIOLATIONS')} (${Object.entries(
              history.byKind,
            )
              .map(([kind, n]) => `${n} ${kind}`)
              .join(', ')})`
          : '') +
        (result.lostInsertsAllowed > 0
          ? `, ${plural(result.lostInsertsAllowed, 'insert')} overwritten (lww text)`
          : '');
      const finding = result.knownFinding
        ? result.knownFinding.reproduced
          ? ` [known finding ${result.knownFinding.id}]`
          : ` [known finding ${result.knownFinding.id} no longer reproduces]`
        : '';
      const took = timing ? ` (${readableDuration(timing.wallMs)})` : '';
      return `${head}: ${verdict}${lost}, ${plural(result.opsApplied, 'op')}, ${readableCount(result.wire.bytes)} payload B (${readableCount(result.wire.framedBytes)} framed), ${significant(result.bytesPerOp)} B/op${took}${finding}`;
    }
  }
}
