/**
 * How long each built-in scenario takes, measured: the wall time of its runs on every built-in
 * engine, one after another, as `syncbench run` runs them. `syncbench list scenarios` and the
 * README show these, so a user knows what a run costs before starting it. Remeasure with
 * `scripts/scenario-durations.ts` (its header gives the commands) when engines or scenarios change.
 */
import type { Scale } from '../src/scenario/define-scenario.ts';

export const MEASURED_ON = {
  machine: '2 cores (Intel Xeon VM), Node 20',
  date: '2026-12-02',
  engines: 'all five built-in engines',
  /**
   * The whole suite per scale, one run after another: ci as measured (`--jobs 1`), default the sum
   * of its runs' times (they were timed on 2 workers, one run per core).
   */
  suites: { ci: 182_800, default: 1_269_000 },
  /** The same suites on 2 workers (`--jobs 2`), as measured. */
  parallel: { ci: 91_000, default: 642_400 },
} as const;

/** Why a scale has no figure: it was not timed to its end. */
export const LARGE_NOT_MEASURED =
  'not timed to its end: on 2 cores most of its runs take more than 15 min (docs/running.md, "The large scale")';

/**
 * Wall ms of each run (scenario × engine) per scale (ci one run after another, default on 2
 * workers, each run on its own core), from the installed package, as
 * `scripts/scenario-durations.ts` prints them; a missing scale was not measured. The pool orders
 * runs by these and `--shard` balances its slices by them (`src/pool/schedule.ts`).
 */
export const MEASURED_RUNS: Readonly<
  Partial<Record<Scale, Readonly<Record<string, Readonly<Record<string, number>>>>>>
> = {
  ci: {
    'concurrent-edits': { yjs: 300, automerge: 1_600, pouchdb: 2_800, rxdb: 300, reference: 300 },
    'partition-heal': { yjs: 600, automerge: 1_100, pouchdb: 3_400, rxdb: 600, reference: 200 },
    'flaky-mobile': { yjs: 200, automerge: 11_100, pouchdb: 3_300, rxdb: 300, reference: 100 },
    'crash-restart': { yjs: 500, automerge: 2_200, pouchdb: 3_400, rxdb: 500, reference: 100 },
    'offline-weeks': { yjs: 15_500, automerge: 11_000, pouchdb: 3_600, rxdb: 3_100, reference: 100 },
    'large-workspace': { yjs: 2_100, automerge: 13_500, pouchdb: 14_600, rxdb: 1_800, reference: 1_200 },
    'schema-upgrades': { yjs: 37_700, automerge: 15_300, pouchdb: 0, rxdb: 600, reference: 200 },
    'editing-trace': { yjs: 500, automerge: 18_100, pouchdb: 0, rxdb: 0, reference: 600 },
  },
  default: {
    'concurrent-edits': { yjs: 1_000, automerge: 36_700, pouchdb: 29_600, rxdb: 2_700, reference: 1_500 },
    'partition-heal': { yjs: 2_900, automerge: 12_000, pouchdb: 58_700, rxdb: 3_900, reference: 600 },
    'flaky-mobile': { yjs: 3_200, automerge: 194_400, pouchdb: 67_000, rxdb: 2_600, reference: 2_200 },
    'crash-restart': { yjs: 2_100, automerge: 13_000, pouchdb: 61_700, rxdb: 3_100, reference: 900 },
    'offline-weeks': { yjs: 145_500, automerge: 103_000, pouchdb: 73_700, rxdb: 18_000, reference: 1_000 },
    'large-workspace': { yjs: 8_900, automerge: 69_700, pouchdb: 65_700, rxdb: 13_200, reference: 10_200 },
    'schema-upgrades': { yjs: 87_200, automerge: 35_600, pouchdb: 0, rxdb: 3_200, reference: 1_000 },
    'editing-trace': { yjs: 3_000, automerge: 128_700, pouchdb: 100, rxdb: 100, reference: 1_300 },
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
