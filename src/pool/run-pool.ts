/**
 * Runs a suite's tasks on a pool of long-lived worker processes (`src/pool/run-worker.ts`), each
 * running one task at a time; a worker takes the next task of the queue (longest first, as the
 * caller ordered it) as soon as it is free. A worker that dies mid-run (out of memory, a crash
 * in native code) turns that run into an `errored` result with the reason, and a fresh worker
 * takes the next task, so the suite goes on. A worker whose run errored is replaced too: what
 * failed may have broken the process for whatever runs next in it.
 */
import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { clearInterval, clearTimeout, setInterval, setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';
import type { RunOutcome } from '../runner/run-scenario.ts';
import type { FromWorker, RunTask, SuiteSettings, ToWorker } from './worker-protocol.ts';
import { readableBytes, readableDuration } from '../readable.ts';
import { workerHeapMiB } from './default-jobs.ts';

export interface PoolEvents {
  /** `task` started on worker `worker` (0-based). */
  begin(task: RunTask, worker: number): void;
  progress(task: RunTask, virtualMs: number, endMs: number): void;
  /** `task` ended; the pool waits for the returned promise before giving the worker more. */
  end(task: RunTask, outcome: RunOutcome): void | Promise<void>;
}

/** What a worker wrote last to stderr, for the reason a crashed run gives. */
const STDERR_TAIL_BYTES = 4_096;

/** Where the worker module is: beside this one, TypeScript in a checkout, JavaScript in dist/. */
function workerEntry(): { file: string; execArgv: string[] } {
  const here = import.meta.url;
  if (here.endsWith('.ts'))
    return {
      file: fileURLToPath(new URL('./run-worker.ts', here)),
      execArgv: ['--import', new URL('../../bin/run-from-source.js', here).href],
    };
  return { file: fileURLToPath(new URL('./run-worker.js', here)), execArgv: [] };
}

/**
 * The profiling flags the suite's own process was started with (`node --cpu-prof
 * --cpu-prof-dir=prof …`), passed on so that each worker writes its profile too: Node refuses
 * them in NODE_OPTIONS, and a suite's time is spent in its workers.
 */
function profilingFlags(): string[] {
  return process.execArgv.filter((flag) => /^--(cpu-prof|heap-prof|prof$)/.test(flag));
}

/** Why a worker ended without finishing its run. */
class WorkerExit extends Error {}

/** How often the parent reads a worker's peak resident memory (Linux: /proc/PID/status). */
const MEMORY_EVERY_MS = 2_000;

/** A process's peak resident set size (VmHWM) in bytes, where /proc has it. */
function peakResidentBytes(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** One worker process: runs a task at a time, reports its progress, rejects if it dies. */
class RunWorker {
  private readonly child: ChildProcess;
  private tail = '';
  private pending:
    | {
        readonly task: RunTask;
        readonly progress: (virtualMs: number, endMs: number) => void;
        readonly resolve: (outcome: RunOutcome) => void;
        readonly reject: (error: Error) => void;
      }
    | undefined;
  private exited: string | undefined;
  /** How many runs it was given. */
  ran = 0;
  /** The highest resident memory seen (bytes), and how far the current run's timeline got. */
  private peakRss: number | undefined;
  private reached: { virtualMs: number; endMs: number } | undefined;
  private readonly watchMemory: ReturnType<typeof setInterval>;

  constructor(settings: SuiteSettings, forward: (chunk: string) => void, heapMiB: number) {
    const { file, execArgv } = workerEntry();
    this.child = fork(file, [], {
      execArgv: [...execArgv, ...profilingFlags(), `--max-old-space-size=${heapMiB}`],
      cwd: settings.cwd,
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const keep = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      forward(text);
      this.tail = (this.tail + text).slice(-STDERR_TAIL_BYTES);
    };
    this.child.stdout?.on('data', (chunk: Buffer) => forward(chunk.toString('utf8')));
    this.child.stderr?.on('data', keep);
    this.watchMemory = setInterval(() => this.sampleMemory(), MEMORY_EVERY_MS);
    this.watchMemory.unref();
    this.child.on('message', (message: FromWorker) => {
      const pending = this.pending;
      if (!pending || message.index !== pending.task.index) return;
      if (message.kind === 'progress') {
        this.reached = { virtualMs: message.virtualMs, endMs: message.endMs };
        pending.progress(message.virtualMs, message.endMs);
      } else {
        this.pending = undefined;
        pending.resolve(message.outcome);
      }
    });
    this.child.on('exit', (code, signal) => {
      clearInterval(this.watchMemory);
      this.exited ??= signal ? `signal ${signal}` : `exit code ${code ?? '?'}`;
      this.pending?.reject(new WorkerExit(this.reason()));
      this.pending = undefined;
    });
    this.child.on('error', (error) => {
      this.exited ??= error.message;
      this.pending?.reject(new WorkerExit(this.reason()));
      this.pending = undefined;
    });
    this.send({ kind: 'settings', settings });
  }

  /** Runs `task`; after `timeoutMs` (if given) the worker is stopped and the run rejects. */
  run(
    task: RunTask,
    progress: (virtualMs: number, endMs: number) => void,
    timeoutMs?: number,
  ): Promise<RunOutcome> {
    if (this.exited) return Promise.reject(new WorkerExit(this.reason()));
    this.ran++;
    this.reached = undefined;
    return new Promise((resolve, reject) => {
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => this.stop(`did not finish within ${readableDuration(timeoutMs)}`), timeoutMs);
      timer?.unref();
      const done = (): void => clearTimeout(timer);
      this.pending = {
        task,
        progress,
        resolve: (outcome) => (done(), resolve(outcome)),
        reject: (error) => (done(), reject(error)),
      };
      this.send({ kind: 'run', task });
    });
  }

  /** Ends the worker mid-run: its run rejects with `why` and what it had reached. */
  private stop(why: string): void {
    this.sampleMemory();
    this.exited = 'stopped';
    const pending = this.pending;
    this.pending = undefined;
    this.child.kill('SIGKILL');
    pending?.reject(new WorkerExit(`${why}${this.whereItGot()}`));
  }

  private sampleMemory(): void {
    const peak = peakResidentBytes(this.child.pid);
    if (peak !== undefined) this.peakRss = Math.max(this.peakRss ?? 0, peak);
  }

  /** `: stopped at 34% of its timeline (5.2 d simulated), its process at 3.1 GB resident at most`. */
  private whereItGot(): string {
    const at = this.reached
      ? `at ${Math.floor((100 * this.reached.virtualMs) / Math.max(1, this.reached.endMs))}% of its timeline (${readableDuration(this.reached.virtualMs)} simulated)`
      : 'before its timeline began';
    const memory =
      this.peakRss === undefined ? '' : `, its process at ${readableBytes(this.peakRss)} resident at most`;
    return `: stopped ${at}${memory}`;
  }

  close(): void {
    clearInterval(this.watchMemory);
    if (this.exited) return;
    if (this.child.connected) this.child.disconnect();
    else this.child.kill();
  }

  private send(message: ToWorker): void {
    this.child.send(message);
  }

  /** `its worker process ended (signal SIGABRT) …: FATAL ERROR: … heap out of memory`. */
  private reason(): string {
    const last = this.tail
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .filter((l) => /error|memory|abort|killed|oom|fatal/i.test(l))
      .slice(-2)
      .join(' / ');
    const memory = this.peakRss === undefined ? '' : `; ${readableBytes(this.peakRss)} resident at most`;
    return `its worker process ended before the run did (${this.exited ?? 'unknown'}${memory})${last ? `: ${last}` : ''}`;
  }
}

/** The outcome of a run whose worker died: errored, with the reason and what it had cost. */
function crashed(task: RunTask, settings: SuiteSettings, error: Error, wallMs: number): RunOutcome {
  const { scenario, engine, replay } = task;
  return {
    result: {
      scenario,
      engine,
      seed: settings.seed,
      scale: settings.scale,
      replay,
      state: 'errored',
      error: error.message,
      stack: '',
    },
    timing: {
      scenario,
      engine,
      wallMs,
      engineMs: 0,
      harnessMs: wallMs,
      peakHeapBytes: null,
      peakRssBytes: null,
    },
  };
}

/**
 * Runs `tasks` (in the order given, each on the first free worker) on up to `jobs` workers;
 * resolves once every task has ended and every worker has gone.
 */
export async function runOnPool(
  tasks: readonly RunTask[],
  settings: SuiteSettings,
  jobs: number,
  events: PoolEvents,
  forward: (chunk: string) => void = () => {},
  /** A run still going after this long (wall ms) is stopped and becomes `errored`. */
  runTimeoutMs?: number,
): Promise<void> {
  const queue = [...tasks];
  const heapMiB = workerHeapMiB(jobs);
  const live = new Set<RunWorker>();
  let failure: Error | undefined;
  const drive = async (slot: number): Promise<void> => {
    let worker: RunWorker | undefined;
    try {
      for (let task = queue.shift(); task && !failure; task = queue.shift()) {
        // A run whose engine keeps process-wide state gets a worker nothing ran in before.
        if (worker && task.freshProcess && worker.ran > 0) {
          worker.close();
          live.delete(worker);
          worker = undefined;
        }
        if (!worker) {
          worker = new RunWorker(settings, forward, heapMiB);
          live.add(worker);
        }
        const current: RunTask = task;
        events.begin(current, slot);
        const started = performance.now();
        let outcome: RunOutcome;
        try {
          outcome = await worker.run(current, (t, end) => events.progress(current, t, end), runTimeoutMs);
        } catch (error) {
          if (!(error instanceof WorkerExit)) throw error;
          live.delete(worker);
          worker = undefined;
          outcome = crashed(current, settings, error, performance.now() - started);
        }
        // …and nothing runs after it in that worker; nor after a run that errored, which may have
        // left the process broken for the next one (Automerge's WebAssembly, once out of memory,
        // answers every later call with "Module terminated").
        if (worker && (current.freshProcess || outcome.result.state === 'errored')) {
          worker.close();
          live.delete(worker);
          worker = undefined;
        }
        await events.end(current, outcome);
      }
    } catch (error) {
      failure ??= error instanceof Error ? error : new Error(String(error));
    } finally {
      if (worker) {
        worker.close();
        live.delete(worker);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, queue.length)) }, (_, i) => drive(i)));
  for (const worker of live) worker.close();
  if (failure) throw failure;
}
