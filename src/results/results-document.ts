/**
 * results.json: the source of truth of a suite. Schema-versioned; everything outside `timing` is
 * exact for a seed, so two runs of the same command are byte-identical apart from `timing`.
 */
import { cpus, totalmem } from 'node:os';
import type { Compression } from '../contract/contract.ts';
import type { RunResult, RunTiming } from '../runner/result.ts';
import type { Scale } from '../scenario/define-scenario.ts';
import type { BenchResults } from '../bench/bench-result.ts';
import { TOOL_VERSION } from '../tool-version.ts';

export const RESULTS_SCHEMA_VERSION = 1;

export interface ResultsDocument {
  readonly schemaVersion: typeof RESULTS_SCHEMA_VERSION;
  readonly tool: { readonly name: 'syncbench'; readonly version: string };
  readonly meta: {
    readonly seed: number;
    readonly scale: Scale;
    /** The `--profile` that replaced every scenario's link profile, or null. */
    readonly profile: string | null;
    /** The `--compression` that replaced every scenario's, or null (absent in files before it existed). */
    readonly compression?: Compression | null;
    /** The `--trace` file editing-trace replayed (its txn count and kind), or null. */
    readonly trace: {
      readonly file: string | undefined;
      readonly txns: number;
      readonly kind: 'sequential' | 'concurrent';
    } | null;
    /**
     * The `--shard` slice of the matrix these runs are (absent: the whole matrix); `syncbench
     * merge` combines the shards into one document without it.
     */
    readonly shard?: { readonly index: number; readonly count: number };
    readonly command: string;
    readonly node: string;
    readonly platform: string;
    readonly scenarios: readonly string[];
    readonly engines: readonly string[];
    /** Version of each engine's library. */
    readonly libraries: Readonly<Record<string, string>>;
  };
  readonly runs: readonly RunResult[];
  /**
   * False while a suite is still running, or when it was interrupted: the runs that finished so
   * far. Absent (files before it existed) or true: the suite ran to its end.
   */
  readonly complete?: boolean;
  /** Wall-clock figures: the only part that differs between identical runs. */
  readonly timing: {
    readonly startedAt: string;
    readonly wallMs: number;
    readonly machine: { readonly cpus: number; readonly cpuModel: string; readonly memoryBytes: number };
    readonly runs: readonly RunTiming[];
    /** Each shard's own timing, in a document `syncbench merge` made of them. */
    readonly shards?: readonly {
      readonly shard: string;
      readonly startedAt: string;
      readonly wallMs: number;
      readonly machine: { readonly cpus: number; readonly cpuModel: string; readonly memoryBytes: number };
    }[];
    /** Timings of each engine's primitives (`syncbench bench`); absent when none were taken. */
    readonly bench?: BenchResults;
  };
}

/** Machine description for the timing section. */
export function machineInfo(): ResultsDocument['timing']['machine'] {
  const list = cpus();
  return { cpus: list.length, cpuModel: list[0]?.model ?? 'unknown', memoryBytes: totalmem() };
}

/**
 * A results document for a suite that just ran: the header every command writes the same way
 * (tool, Node, platform, the command line, each engine's library version) around its figures.
 */
export function resultsDocument(fields: {
  readonly argv: readonly string[];
  readonly settings: Pick<
    ResultsDocument['meta'],
    'seed' | 'scale' | 'profile' | 'compression' | 'trace' | 'scenarios' | 'shard'
  >;
  readonly engines: readonly { readonly name: string; readonly version: string }[];
  readonly runs: readonly RunResult[];
  readonly timing: ResultsDocument['timing'];
  /** False for the runs finished so far of a suite still running; true once it ended. */
  readonly complete?: boolean;
}): ResultsDocument {
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    tool: { name: 'syncbench', version: TOOL_VERSION },
    meta: {
      ...fields.settings,
      command: ['syncbench', ...fields.argv.slice(2)].join(' '),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      engines: fields.engines.map((e) => e.name),
      libraries: Object.fromEntries(fields.engines.map((e) => [e.name, e.version])),
    },
    runs: fields.runs,
    ...(fields.complete === undefined ? {} : { complete: fields.complete }),
    timing: fields.timing,
  };
}
