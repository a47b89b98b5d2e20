/**
 * `syncbench run --resume`: the runs an earlier, interrupted suite of the same configuration
 * already finished, to be kept instead of run again. A results file of another configuration is
 * refused, naming what differs, rather than mixed into this suite's.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadResults } from '../../reports/load-results.ts';
import { UsageError } from '../errors.ts';
import type { ResultsDocument } from '../results/results-document.ts';
import type { RunResult, RunTiming } from '../runner/result.ts';
import { TOOL_VERSION } from '../tool-version.ts';

/** A finished run of the earlier suite, with its timing. */
export interface ResumedRun {
  readonly result: RunResult;
  readonly timing: RunTiming | undefined;
}

/** The earlier suite's finished runs by scenario and engine. */
export class ResumedRuns {
  private readonly byPair = new Map<string, ResumedRun>();

  constructor(
    /** Where they were read from, for messages. */
    readonly path: string,
    document: ResultsDocument | undefined,
  ) {
    if (!document) return;
    const timings = new Map(document.timing.runs.map((t) => [pair(t.scenario, t.engine), t]));
    for (const result of document.runs) {
      // An errored run is run again: what made it fail may have been fixed since.
      if (result.state === 'errored') continue;
      const key = pair(result.scenario, result.engine);
      this.byPair.set(key, { result: withoutFinding(result), timing: timings.get(key) });
    }
    this.size = this.byPair.size;
  }

  /** How many finished runs it held to begin with. */
  readonly size: number = 0;

  /** The finished run of `scenario` × `engine`, if the earlier suite has one; taken, it is no longer `left`. */
  take(scenario: string, engine: string): ResumedRun | undefined {
    const key = pair(scenario, engine);
    const run = this.byPair.get(key);
    this.byPair.delete(key);
    return run;
  }

  /** The kept runs the suite has not reached yet: a partial results file must not drop them. */
  left(): ResumedRun[] {
    return [...this.byPair.values()];
  }
}

const pair = (scenario: string, engine: string): string => `${scenario}\u0000${engine}`;

/** The run as measured: its known finding is matched again against today's registry. */
function withoutFinding(result: RunResult): RunResult {
  if (result.state !== 'completed' || !result.knownFinding) return result;
  const { knownFinding: _finding, ...rest } = result;
  return rest;
}

/** What the suite about to run is: everything its runs' figures depend on. */
export interface SuiteConfiguration {
  readonly seed: number;
  readonly scale: string;
  readonly profile: string | null;
  readonly compression: string | null;
  readonly trace: ResultsDocument['meta']['trace'];
  /** The `--shard` slice, or null for the whole matrix. */
  readonly shard: { readonly index: number; readonly count: number } | null;
  readonly libraries: Readonly<Record<string, string>>;
}

/**
 * The runs in `out`/results.json that this suite may keep; none when there is no such file. Throws
 * a usage error naming the differences when that file was made with another configuration.
 */
export function resumableRuns(cwd: string, out: string, suite: SuiteConfiguration): ResumedRuns {
  const path = join(resolve(cwd, out), 'results.json');
  if (!existsSync(path)) return new ResumedRuns(path, undefined);
  const earlier = loadResults(path, cwd);
  const differences = configurationDifferences(earlier, suite);
  if (differences.length > 0)
    throw new UsageError(
      `--resume: ${path} holds runs of another configuration (${differences.join('; ')}); run without --resume to replace it, or --out another directory`,
    );
  return new ResumedRuns(path, earlier);
}

function configurationDifferences(earlier: ResultsDocument, suite: SuiteConfiguration): string[] {
  const differences: string[] = [];
  const differ = (what: string, was: unknown, now: unknown): void => {
    if (JSON.stringify(was) !== JSON.stringify(now))
      differences.push(`${what} ${JSON.stringify(was)} there, ${JSON.stringify(now)} now`);
  };
  const { meta } = earlier;
  differ('seed', meta.seed, suite.seed);
  differ('scale', meta.scale, suite.scale);
  differ('--profile', meta.profile ?? null, suite.profile);
  differ('--compression', meta.compression ?? null, suite.compression);
  const trace = (t: ResultsDocument['meta']['trace']): unknown => (t ? { file: t.file, txns: t.txns } : null);
  differ('--trace', trace(meta.trace), trace(suite.trace));
  const shard = (s: SuiteConfiguration['shard'] | undefined): string | null =>
    s ? `${s.index}/${s.count}` : null;
  differ('--shard', shard(meta.shard), shard(suite.shard));
  differ('syncbench', earlier.tool.version, TOOL_VERSION);
  for (const [engine, version] of Object.entries(suite.libraries)) {
    const was = meta.libraries?.[engine];
    if (was !== undefined) differ(`${engine}'s library`, was, version);
  }
  return differences;
}
