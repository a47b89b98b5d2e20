/**
 * Progress of a suite on stderr: a line rewritten in place on a terminal (with the share of the
 * run's timeline and an estimate of the time left), plain lines otherwise (CI logs, with a
 * heartbeat line while a long run goes on), and a one-line summary per finished run.
 */
import type { RunResult, RunTiming } from '../runner/result.ts';
import { unexpectedLostInserts } from '../runner/result.ts';
import { performance } from 'node:perf_hooks';
import { setInterval, clearInterval } from 'node:timers';
import { plural, readableCount, readableDuration, significant } from '../../reports/readable.ts';
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

export class Progress {
  private done = 0;
  private label = '';
  private share = 0;
  private virtualMs = 0;
  /** Whether the current task has a timeline (a run does, a benchmark does not). */
  private timed = false;
  private readonly startedAt: number;
  private runStartedAt: number;
  private lastLineAt: number;
  /** Wall time of the runs measured in this suite, and how many (kept runs cost nothing now). */
  private measuredMs = 0;
  private measured = 0;
  private readonly stop: () => void;

  constructor(
    private readonly out: OutputStream,
    private readonly total: number,
    private readonly clock: ProgressClock = REAL_CLOCK,
  ) {
    this.startedAt = this.runStartedAt = this.lastLineAt = clock.now();
    this.stop = clock.every(this.out.isTTY ? 1_000 : HEARTBEAT_MS / 3, () => this.tick());
  }

  begin(label: string): void {
    this.label = label;
    this.share = 0;
    this.virtualMs = 0;
    this.timed = false;
    this.runStartedAt = this.clock.now();
    const line = `[${this.done + 1}/${this.total}] ${label} …`;
    if (this.out.isTTY) this.out.write(`\r\x1b[2K${line}${this.eta()}`);
    else this.line(line);
  }

  /** How far the current run's timeline is; the terminal line shows it at once, a log at the next heartbeat. */
  update(virtualMs: number, endMs: number): void {
    this.virtualMs = virtualMs;
    this.timed = true;
    this.share = endMs > 0 ? Math.min(1, virtualMs / endMs) : 1;
    if (this.out.isTTY) this.out.write(`\r\x1b[2K${this.status()}`);
  }

  end(summary: string): void {
    this.measuredMs += this.clock.now() - this.runStartedAt;
    this.measured++;
    this.finish(summary);
  }

  /** A run kept from an earlier suite (`--resume`): counted, not timed. */
  kept(summary: string): void {
    this.finish(`${summary} (kept from the earlier suite)`);
  }

  /** Stops the heartbeat; the suite has ended. */
  close(): void {
    this.stop();
  }

  private finish(summary: string): void {
    this.done++;
    this.label = '';
    if (this.out.isTTY) this.out.write('\r\x1b[2K');
    this.line(`[${this.done}/${this.total}] ${summary}`);
  }

  private line(text: string): void {
    this.out.write(`${text}\n`);
    this.lastLineAt = this.clock.now();
  }

  private tick(): void {
    if (!this.label) return;
    if (this.out.isTTY) this.out.write(`\r\x1b[2K${this.status()}`);
    else if (this.clock.now() - this.lastLineAt >= HEARTBEAT_MS)
      this.line(`${this.status()}, ${readableDuration(this.clock.now() - this.runStartedAt)} so far`);
  }

  private status(): string {
    const timeline = this.timed
      ? ` ${Math.floor(100 * this.share)}% of timeline (${readableDuration(this.virtualMs)} simulated)`
      : ' …';
    return `[${this.done + 1}/${this.total}] ${this.label}${timeline}${this.eta()}`;
  }

  /**
   * `, about 3.2 min left`: the mean wall time of the runs measured so far times the runs left,
   * less the share of the current run's timeline done; empty until one run was measured.
   */
  private eta(): string {
    if (this.measured === 0) return '';
    const mean = this.measuredMs / this.measured;
    const left = this.total - this.done - (this.label ? this.share : 0);
    const elapsed = this.clock.now() - this.startedAt;
    return left > 0 && elapsed > 0 ? `, about ${readableDuration(mean * left)} left` : '';
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
      const lost =
        (unexpected > 0 ? `, ${plural(unexpected, 'LOST INSERT', 'LOST INSERTS')}` : '') +
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
