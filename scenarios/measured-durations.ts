/**
 * How long each built-in scenario takes, measured: the wall time of its runs on every built-in
 * engine, one after another, as `syncbench run` runs them. `syncbench list scenarios` and the
 * README show these, so a user knows what a run costs before starting it. Remeasure with
 * `scripts/scenario-durations.ts` (its header gives the commands) when engines or scenarios change.
 */
import type { Scale } from '../src/scenario/define-scenario.ts';

export const MEASURED_ON = {
  machine: '2 cores (AMD EPYC VM), Node 20',
  date: '2026-12-02',
  engines: 'all five built-in engines',
  /**
   * The whole suite per scale, one run after another: ci as measured (`--jobs 1`), default the sum
   * of its runs' times (they were timed on 2 workers, one run per core).
   */
  suites: { ci: 88_500, default: 788_000 },
  /** The same suites on 2 workers (`--jobs 2`), as measured. */
  parallel: { ci: 60_300, default: 400_200 },
} as const;

/** Why a scale has no figure: it was not timed to its end. */
export const LARGE_NOT_MEASURED =
  'not timed to its end: on 2 cores most of its runs take more than 15 min (docs/running.md, "The large scale")';

/**
 * Wall ms of each run (scenario × engine) per scale (ci one run after another, default on 2
 * workers, each run on its own core), from the installed package, as
 * `scripts/scenario-durations.ts` prints them; a missing scale was not measured. The pool orders
 * runs by these and `--shard` balances its slices by them (`src/pool/schedule.ts`). The
 * `hocuspocus` figures came later (2026-12-03, from a checkout, on 2 workers) than the rest, and
 * `loro`'s, `sharedb`'s and `tinybase`'s later still (2026-12-04, from a checkout: ci on 2 workers in the whole
 * suite, default alone on 2 workers).
 */
export const MEASURED_RUNS: Readonly<
  Partial<Record<Scale, Readonly<Record<string, Readonly<Record<string, number>>>>>>
> = {
  ci: {
    'concurrent-edits': {
      yjs: 200,
      automerge: 1_500,
      pouchdb: 1_800,
      rxdb: 200,
      reference: 100,
      hocuspocus: 100,
      loro: 300,
      sharedb: 200,
      tinybase: 400,
    },
    'partition-heal': {
      yjs: 300,
      automerge: 900,
      pouchdb: 3_000,
      rxdb: 300,
      reference: 200,
      hocuspocus: 200,
      loro: 400,
      sharedb: 200,
      tinybase: 400,
    },
    'flaky-mobile': {
      yjs: 300,
      automerge: 4_100,
      pouchdb: 2_500,
      rxdb: 200,
      reference: 100,
      hocuspocus: 300,
      loro: 500,
      sharedb: 100,
      tinybase: 600,
    },
    'crash-restart': {
      yjs: 300,
      automerge: 1_700,
      pouchdb: 2_000,
      rxdb: 300,
      reference: 100,
      hocuspocus: 600,
      loro: 700,
      sharedb: 200,
      tinybase: 300,
    },
    'offline-weeks': {
      yjs: 2_800,
      automerge: 6_000,
      pouchdb: 2_200,
      rxdb: 2_000,
      reference: 0,
      hocuspocus: 5_000,
      loro: 1_100,
      sharedb: 1_700,
      tinybase: 2_900,
    },
    'large-workspace': {
      yjs: 1_100,
      automerge: 5_900,
      pouchdb: 9_000,
      rxdb: 1_500,
      reference: 900,
      hocuspocus: 2_700,
      loro: 9_400,
      sharedb: 700,
      tinybase: 23_600,
    },
    'schema-upgrades': {
      yjs: 13_300,
      automerge: 5_300,
      pouchdb: 0,
      rxdb: 400,
      reference: 100,
      hocuspocus: 31_700,
      loro: 1_600,
      sharedb: 200,
      tinybase: 900,
    },
    'editing-trace': {
      yjs: 600,
      automerge: 8_500,
      pouchdb: 0,
      rxdb: 0,
      reference: 400,
      hocuspocus: 500,
      loro: 3_400,
      sharedb: 500,
      tinybase: 0,
    },
  },
  default: {
    'concurrent-edits': {
      yjs: 1_100,
      automerge: 24_200,
      pouchdb: 22_200,
      rxdb: 1_500,
      reference: 400,
      hocuspocus: 900,
      loro: 3_300,
      sharedb: 400,
      tinybase: 2_500,
    },
    'partition-heal': {
      yjs: 1_700,
      automerge: 11_300,
      pouchdb: 44_700,
      rxdb: 2_500,
      reference: 300,
      hocuspocus: 2_000,
      loro: 3_000,
      sharedb: 700,
      tinybase: 2_600,
    },
    'flaky-mobile': {
      yjs: 2_000,
      automerge: 139_900,
      pouchdb: 44_800,
      rxdb: 1_400,
      reference: 1_000,
      hocuspocus: 3_600,
      loro: 5_400,
      sharedb: 600,
      tinybase: 5_700,
    },
    'crash-restart': {
      yjs: 2_200,
      automerge: 13_200,
      pouchdb: 38_300,
      rxdb: 2_500,
      reference: 400,
      hocuspocus: 1_200,
      loro: 3_200,
      sharedb: 500,
      tinybase: 2_700,
    },
    'offline-weeks': {
      yjs: 50_700,
      automerge: 47_100,
      pouchdb: 36_100,
      rxdb: 15_000,
      reference: 600,
      hocuspocus: 81_400,
      loro: 12_200,
      sharedb: 8_600,
      tinybase: 24_400,
    },
    'large-workspace': {
      yjs: 8_500,
      automerge: 51_300,
      pouchdb: 42_100,
      rxdb: 12_300,
      reference: 7_200,
      hocuspocus: 15_600,
      loro: 76_300,
      sharedb: 5_900,
      tinybase: 154_300,
    },
    'schema-upgrades': {
      yjs: 39_900,
      automerge: 21_900,
      pouchdb: 0,
      rxdb: 2_300,
      reference: 500,
      hocuspocus: 58_600,
      loro: 5_300,
      sharedb: 300,
      tinybase: 5_700,
    },
    'editing-trace': {
      yjs: 1_800,
      automerge: 93_900,
      pouchdb: 100,
      rxdb: 0,
      reference: 1_100,
      hocuspocus: 1_500,
      loro: 54_800,
      sharedb: 1_300,
      tinybase: 0,
    },
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
