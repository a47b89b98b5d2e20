/**
 * What `syncbench bench` records: wall-clock statistics of each engine's primitives on a standard
 * workload. Like every wall-clock figure they go to the results' `timing` section.
 */

/**
 * The primitives timed for every engine, in the order they run: those that leave the state as it
 * was first, then the edits, so every primitive sees the same workload whatever the time budget.
 */
export const PRIMITIVES = [
  'encode-state',
  'load-from-storage',
  'bootstrap-replica',
  'apply-local-op',
  'apply-remote-update',
] as const;
export type Primitive = (typeof PRIMITIVES)[number];

/** What each primitive times, for `--help`, the docs and reports. */
export const PRIMITIVE_DESCRIPTIONS: Readonly<Record<Primitive, string>> = {
  'apply-local-op':
    'one local op on a client holding the workload (a field update, or a short text insert or delete that keeps the text length)',
  'encode-state':
    "the client's full-state encoding, as `storedBytes()` computes it (Y.encodeStateAsUpdate v1 and v2, Automerge.save, …)",
  'apply-remote-update':
    "one local op's sync messages, on the receiving side: every delivery to the server and the other client, with the async work it starts",
  'load-from-storage':
    'a client restarting from its durable storage after a crash, until it has reconnected and agrees with the server again (nothing changed meanwhile)',
  'bootstrap-replica':
    'an empty client joining and syncing the whole workload from the server, until the network is quiet',
};

/** Statistics of one primitive's samples, in milliseconds. */
export interface BenchStats {
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly sdMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  /** Relative margin of error of the mean (95 %), percent. */
  readonly rmePercent: number;
  readonly samples: number;
}

export type BenchTask =
  | {
      readonly engine: string;
      readonly primitive: Primitive;
      readonly state: 'measured';
      readonly stats: BenchStats;
    }
  | {
      readonly engine: string;
      readonly primitive: Primitive;
      readonly state: 'unsupported' | 'errored';
      readonly reason: string;
    };

/** The standard workload every engine holds while its primitives are timed. */
export interface BenchWorkload {
  readonly records: number;
  readonly textChars: number;
  readonly seed: number;
}

/**
 * How many samples each primitive takes, after how many warm-up iterations. Fixed counts, not a
 * time budget: every run does exactly the same work in the same order (the same ops, so the
 * same history for what is timed next), whatever the machine's speed.
 */
export interface SamplePlan {
  readonly samples: Readonly<Record<Primitive, number>>;
  readonly warmup: Readonly<Record<Primitive, number>>;
}

/** Cheap primitives get more samples; restarts and bootstraps, which take longest, fewer. */
export const DEFAULT_SAMPLE_PLAN: SamplePlan = {
  samples: {
    'encode-state': 100,
    'load-from-storage': 20,
    'bootstrap-replica': 10,
    'apply-local-op': 200,
    'apply-remote-update': 200,
  },
  warmup: {
    'encode-state': 10,
    'load-from-storage': 2,
    'bootstrap-replica': 2,
    'apply-local-op': 20,
    'apply-remote-update': 20,
  },
};

/** The plan with every primitive taking `samples` samples (warm-up unchanged, at most as many). */
export function uniformPlan(samples: number): SamplePlan {
  const each = <T>(f: (p: Primitive) => T): Record<Primitive, T> =>
    Object.fromEntries(PRIMITIVES.map((p) => [p, f(p)])) as Record<Primitive, T>;
  return {
    samples: each(() => samples),
    warmup: each((p) => Math.min(samples, DEFAULT_SAMPLE_PLAN.warmup[p])),
  };
}

export interface BenchResults {
  readonly workload: BenchWorkload;
  readonly plan: SamplePlan;
  readonly tasks: readonly BenchTask[];
}
