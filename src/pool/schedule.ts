/**
 * Which run goes where: the order a pool takes the runs in (longest first, so the longest run
 * never starts last and leaves the other workers idle), and the cost-balanced slice of the
 * matrix that `--shard i/n` runs. Both read each run's measured cost
 * (`scenarios/measured-durations.ts`); a run nobody measured costs the mean of its scale's runs.
 * Everything here is a function of the matrix and the package's figures alone, so every shard job
 * of a CI fleet computes the same slices.
 */
import { MEASURED_RUNS } from '../../scenarios/measured-durations.ts';
import type { Scale } from '../scenario/define-scenario.ts';

/** How much bigger a run at one scale is than at the next smaller one, where nothing was measured. */
const SCALE_STEP = 10;

/** What a run of `scenario` on `engine` is expected to cost, in wall ms. */
export function estimateMs(scenario: string, engine: string, scale: Scale): number {
  const measured = MEASURED_RUNS[scale]?.[scenario]?.[engine];
  if (measured !== undefined) return measured;
  if (scale === 'large') return SCALE_STEP * estimateMs(scenario, engine, 'default');
  const byScenario = Object.values(MEASURED_RUNS[scale]?.[scenario] ?? {});
  const all = Object.values(MEASURED_RUNS[scale] ?? {}).flatMap((runs) => Object.values(runs));
  const pool = byScenario.length > 0 ? byScenario : all;
  return pool.length > 0 ? pool.reduce((a, b) => a + b, 0) / pool.length : 1_000;
}

interface Costed {
  readonly index: number;
  readonly estimateMs: number;
}

/** Longest first; equal estimates in matrix order. */
export function longestFirst<T extends Costed>(tasks: readonly T[]): T[] {
  return [...tasks].sort((a, b) => b.estimateMs - a.estimateMs || a.index - b.index);
}

/** A `--shard i/n`: the 1-based `index` of `count` slices. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/**
 * The tasks of shard `shard.index` of `shard.count`: every task goes, longest first, to the slice
 * with the least estimated work so far (the lowest-numbered on a tie), so the slices take about
 * as long as each other. Returned in matrix order.
 */
export function shardTasks<T extends Costed>(tasks: readonly T[], shard: Shard): T[] {
  const load = new Array<number>(shard.count).fill(0);
  const mine: T[] = [];
  for (const task of longestFirst(tasks)) {
    let least = 0;
    for (let s = 1; s < shard.count; s++) if (load[s]! < load[least]!) least = s;
    load[least]! += Math.max(1, task.estimateMs);
    if (least === shard.index - 1) mine.push(task);
  }
  return mine.sort((a, b) => a.index - b.index);
}

/** The wall time `tasks` take on `jobs` workers taking them longest first, by their estimates. */
export function estimatedWallMs(tasks: readonly Costed[], jobs: number): number {
  const free = new Array<number>(Math.max(1, jobs)).fill(0);
  for (const task of longestFirst(tasks)) {
    let first = 0;
    for (let w = 1; w < free.length; w++) if (free[w]! < free[first]!) first = w;
    free[first]! += task.estimateMs;
  }
  return Math.max(...free);
}
