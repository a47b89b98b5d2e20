/**
 * Runs a suite's tasks on a pool of long-lived worker processes (`src/pool/run-worker.ts`), each
 * running one task at a time; a worker takes the next task of the queue (longest first, as the
 * caller ordered it) as soon as it is free. A worker that dies mid-run (out of memory, a crash
 * in native code) turns that run into an `errored` result with the reason, and a fresh worker
 * takes the next task, so the suite goes on.
 */
import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { RunOutcome } from '../runner/run-scenario.ts';
import type { FromWorker, RunTask, SuiteSettings, ToWorker } from './worker-protocol.ts';

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

/** Why a worker ended without finishing its run. */
class WorkerExit extends Error {}

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

  constructor(settings: SuiteSettings, forward: (chunk: string) => void) {
    const { file, execArgv } = workerEntry();
    this.child = fork(file, [], {
      execArgv,
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
    this.child.on('message', (message: FromWorker) => {
      const pending = this.pending;
      if (!pending || message.index !== pending.task.index) return;
      if (message.kind === 'progress') pending.progress(message.virtualMs, message.endMs);
      else {
        this.pending = undefined;
        pending.resolve(message.outcome);
      }
    });
    this.child.on('exit', (code, signal) => {
      this.exited = signal ? `signal ${signal}` : `exit code ${code ?? '?'}`;
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

  run(task: RunTask, progress: (virtualMs: number, endMs: number) => void): Promise<RunOutcome> {
    if (this.exited) return Promise.reject(new WorkerExit(this.reason()));
    this.ran++;
    return new Promise((resolve, reject) => {
      this.pending = { task, progress, resolve, reject };
      this.send({ kind: 'run', task });
    });
  }

  close(): void {
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
    return `its worker process ended before the run did (${this.exited ?? 'unknown'})${last ? `: ${last}` : ''}`;
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
): Promise<void> {
  const queue = [...tasks];
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
          worker = new RunWorker(settings, forward);
          live.add(worker);
        }
        const current: RunTask = task;
        events.begin(current, slot);
        const started = performance.now();
        let outcome: RunOutcome;
        try {
          outcome = await worker.run(current, (t, end) => events.progress(current, t, end));
        } catch (error) {
          if (!(error instanceof WorkerExit)) throw error;
          live.delete(worker);
          worker = undefined;
          outcome = crashed(current, settings, error, performance.now() - started);
        }
        // …and nothing runs after it in that worker.
        if (worker && current.freshProcess) {
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
