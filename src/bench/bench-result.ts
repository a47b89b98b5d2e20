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

/** What each primitive times, for `--help`, the README and reports. */
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

export interface BenchResults {
  readonly workload: BenchWorkload;
  /** Minimum wall time spent sampling each primitive, ms (after warm-up). */
  readonly timePerTaskMs: number;
  /** Minimum samples per primitive. */
  readonly minSamples: number;
  readonly tasks: readonly BenchTask[];
}
