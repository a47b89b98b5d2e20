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
  suites: { ci: 163_100, default: 2_189_900 },
  /** The same suites on 2 workers (`--jobs 2`). */
  parallel: { ci: 117_900, default: 906_900 },
} as const;

/** Why a scale has no figure: it was not timed to its end. */
export const LARGE_NOT_MEASURED =
  'not timed to its end: on 2 cores most of its runs take more than 15 min (docs/running.md, "The large scale")';

/**
 * Wall ms of each run (scenario × engine) per scale, one run after another in one process, as
 * `scripts/scenario-durations.ts` prints them; a missing scale was not measured. The pool orders
 * runs by these and `--shard` balances its slices by them (`src/pool/schedule.ts`).
 */
export const MEASURED_RUNS: Readonly<
  Partial<Record<Scale, Readonly<Record<string, Readonly<Record<string, number>>>>>>
> = {
  ci: {
    'concurrent-edits': { yjs: 400, automerge: 1_900, pouchdb: 2_100, rxdb: 500, reference: 300 },
    'partition-heal': { yjs: 500, automerge: 900, pouchdb: 3_900, rxdb: 400, reference: 200 },
    'flaky-mobile': { yjs: 500, automerge: 9_100, pouchdb: 3_100, rxdb: 300, reference: 200 },
    'crash-restart': { yjs: 300, automerge: 1_500, pouchdb: 3_500, rxdb: 500, reference: 100 },
    'offline-weeks': { yjs: 7_900, automerge: 8_500, pouchdb: 4_200, rxdb: 2_500, reference: 100 },
    'large-workspace': { yjs: 1_700, automerge: 8_900, pouchdb: 13_600, rxdb: 1_800, reference: 1_700 },
    'schema-upgrades': { yjs: 35_300, automerge: 15_000, pouchdb: 0, rxdb: 600, reference: 200 },
    'editing-trace': { yjs: 900, automerge: 12_800, pouchdb: 0, rxdb: 0, reference: 1_000 },
  },
  default: {
    'concurrent-edits': { yjs: 1_500, automerge: 39_600, pouchdb: 25_700, rxdb: 1_600, reference: 800 },
    'partition-heal': { yjs: 3_600, automerge: 18_600, pouchdb: 53_800, rxdb: 2_500, reference: 400 },
    'flaky-mobile': { yjs: 2_100, automerge: 291_800, pouchdb: 94_000, rxdb: 1_200, reference: 700 },
    'crash-restart': { yjs: 1_700, automerge: 18_400, pouchdb: 84_800, rxdb: 6_000, reference: 600 },
    'offline-weeks': { yjs: 391_900, automerge: 180_500, pouchdb: 137_400, rxdb: 60_900, reference: 500 },
    'large-workspace': { yjs: 17_700, automerge: 88_700, pouchdb: 96_200, rxdb: 16_000, reference: 53_100 },
    'schema-upgrades': { yjs: 212_900, automerge: 67_200, pouchdb: 0, rxdb: 2_400, reference: 700 },
    'editing-trace': { yjs: 2_300, automerge: 203_300, pouchdb: 100, rxdb: 0, reference: 4_400 },
  },
};

/** Wall ms per scenario and scale (the sum of its runs); a missing scale was not measured. */
export const MEASURED_DURATIONS: Readonly<Record<string, Partial<Record<Scale, number>>>> =
  durationsOf(MEASURED_RUNS);

function durationsOf(runs: typeof MEASURED_RUNS): Record<string, Partial<Record<Scale, number>>> {
  const out: Record<string, Partial<Record<Scale, number>>> = {};
  for (const [scale, scenarios] of Object.entries(runs) as [Scale, Record<string, Record<string, number>>][])
    for (const [scenario, engines] of Object.entries(scenarios)) {
      const total = Object.values(engines).reduce((a, b) => a + b, 0);
      out[scenario] = { ...out[scenario], [scale]: Math.round(total / 100) * 100 };
    }
  return out;
}
