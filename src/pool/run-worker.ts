/**
 * A run worker: a child process of `syncbench run` that runs the tasks its parent sends, one at
 * a time, and sends back each outcome. It lives as long as the suite, so engines load once per
 * worker, not once per run. It ignores Ctrl-C (the parent decides what an interruption keeps)
 * and exits when its parent goes away.
 */
import { performance } from 'node:perf_hooks';
import { TaskRunner } from './task-runner.ts';
import type { FromWorker, ToWorker } from './worker-protocol.ts';

/** Progress goes to the parent at most this often (wall ms); the parent redraws no faster. */
const PROGRESS_EVERY_MS = 250;

const send = (message: FromWorker): void => {
  process.send?.(message);
};

let runner: TaskRunner | undefined;
let queue: Promise<void> = Promise.resolve();

process.on('SIGINT', () => {});
process.on('disconnect', () => process.exit(0));
process.on('message', (message: ToWorker) => {
  if (message.kind === 'settings') {
    runner = new TaskRunner(message.settings);
    return;
  }
  const { task } = message;
  const active = runner;
  if (!active) throw new Error('run worker: a task arrived before the suite settings');
  queue = queue.then(async () => {
    let lastSent = -Infinity;
    const outcome = await active.run(task, (virtualMs, endMs) => {
      const now = performance.now();
      if (now - lastSent < PROGRESS_EVERY_MS) return;
      lastSent = now;
      send({ kind: 'progress', index: task.index, virtualMs, endMs });
    });
    send({ kind: 'done', index: task.index, outcome });
  });
});
