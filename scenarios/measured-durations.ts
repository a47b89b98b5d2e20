/**
 * How long each built-in scenario takes, measured: the wall time of its runs on every built-in
 * engine, one after another, as `syncbench run` runs them. `syncbench list scenarios` and the
 * README show these, so a user knows what a run costs before starting it. Remeasure with
 * `scripts/scenario-durations.ts` (its header gives the commands) when engines or scenarios change.
 */
import type { Scale } from '../src/scenario/define-scenario.ts';

export const MEASURED_ON = {
  machine: '2 cores (Intel Xeon VM), Node 20',
  date: '2026-12-01',
  engines: 'all five built-in engines',
  /** The whole suite per scale, as the same runs measured it. */
  suites: { ci: 176_400, default: 2_094_000 },
} as const;

/** Why a scale has no figure: it was not timed to its end. */
export const LARGE_NOT_MEASURED =
  'not measured: several of its runs do not finish in reasonable time yet (the parallel-and-speed issue)';

/** Wall ms per scenario and scale; a missing scale was not measured. */
export const MEASURED_DURATIONS: Readonly<Record<string, Partial<Record<Scale, number>>>> = {
  'concurrent-edits': { ci: 5_600, default: 83_900 },
  'partition-heal': { ci: 7_400, default: 87_500 },
  'flaky-mobile': { ci: 13_100, default: 308_900 },
  'crash-restart': { ci: 6_200, default: 87_700 },
  'offline-weeks': { ci: 26_200, default: 773_400 },
  'large-workspace': { ci: 27_300, default: 301_800 },
  'schema-upgrades': { ci: 75_000, default: 277_600 },
  'editing-trace': { ci: 14_900, default: 172_400 },
};
