/**
 * How many workers `--jobs` defaults to: one per core, but no more than the machine's memory
 * holds at what the heaviest built-in runs peak at, so parallel runs do not swap or get killed.
 */
import { availableParallelism, totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';

/** The resident memory the heaviest run of the default scale reaches (large-workspace, 4.0 GB measured). */
export const MEMORY_PER_WORKER_BYTES = 4 * 1024 ** 3;

/**
 * `SYNCBENCH_JOBS` (a whole number ≥ 1) sets the default for a machine or a CI job; otherwise one
 * worker per core, as far as memory allows.
 */
export function defaultJobs(
  cores = availableParallelism(),
  memoryBytes = totalmem(),
  fromEnvironment = process.env.SYNCBENCH_JOBS,
): number {
  if (fromEnvironment !== undefined && /^\d+$/.test(fromEnvironment) && Number(fromEnvironment) >= 1)
    return Number(fromEnvironment);
  return Math.max(1, Math.min(cores, Math.floor(memoryBytes / MEMORY_PER_WORKER_BYTES)));
}

/**
 * The V8 heap each of `jobs` workers may grow to (MiB): three quarters of the machine's memory
 * shared between them, but never below Node's own default limit. Node's default (about 4 GiB
 * here) is what the heaviest large-scale runs need, so without this a 200,000-record run ends in
 * "JavaScript heap out of memory" on a machine that has the memory to spare.
 */
export function workerHeapMiB(
  jobs: number,
  memoryBytes = totalmem(),
  nodeDefaultBytes = getHeapStatistics().heap_size_limit,
): number {
  const share = (0.75 * memoryBytes) / Math.max(1, jobs);
  return Math.floor(Math.max(share, nodeDefaultBytes) / 1024 ** 2);
}
