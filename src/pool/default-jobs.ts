/**
 * How many workers `--jobs` defaults to: one per core, but no more than the machine's memory
 * holds at what the heaviest built-in runs peak at, so parallel runs do not swap or get killed.
 */
import { availableParallelism, totalmem } from 'node:os';

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
