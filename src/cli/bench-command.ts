/**
 * `syncbench bench`: times each engine's primitives with tinybench on the standard workload of a
 * scale, writes results.json (statistics under `timing.bench`) and report.html, and prints a
 * table. Wall-clock figures: for the gate to compare statistically, not for exact equality.
 */
import { resolve } from 'node:path';
import { loadEngines } from '../../adapters/load-engine.ts';
import { ENGINE_NAMES } from '../../adapters/registry.ts';
import type { Scale } from '../scenario/define-scenario.ts';
import type { BenchResults, BenchWorkload, Primitive, SamplePlan } from '../bench/bench-result.ts';
import { BENCH_COLUMNS, benchRows } from '../../reports/bench-report.ts';
import { DEFAULT_SAMPLE_PLAN, PRIMITIVES, uniformPlan } from '../bench/bench-result.ts';
import { runBench } from '../bench/run-bench.ts';
import { UsageError } from '../errors.ts';
import type { ResultsDocument } from '../results/results-document.ts';
import { machineInfo, resultsDocument } from '../results/results-document.ts';
import { createStopwatch } from '../timing/stopwatch.ts';
import { prepareOutDir } from '../results/write-atomic.ts';
import type { CliProcess } from './cli-process.ts';
import { EXIT } from './cli-process.ts';
import { Progress } from './progress.ts';
import { writeResults } from './run-command.ts';
import { textTable } from '../../reports/text-table.ts';

/** The standard workload of each scale: records and characters of text the replicas hold. */
export const BENCH_WORKLOADS: Readonly<Record<Scale, Omit<BenchWorkload, 'seed'>>> = {
  ci: { records: 200, textChars: 1_000 },
  default: { records: 1_000, textChars: 5_000 },
  large: { records: 10_000, textChars: 50_000 },
};

export interface BenchCommandOptions {
  readonly engines?: string[];
  readonly seed: number;
  readonly scale: Scale;
  readonly records?: number;
  readonly textChars?: number;
  /** Samples every primitive takes instead of its default count. */
  readonly samples?: number;
  /** The whole plan (a baseline's), which wins over `samples`. */
  readonly plan?: SamplePlan;
  readonly primitives?: string[];
  readonly out: string;
  readonly json: boolean;
}

function primitivesOf(names: readonly string[] | undefined): readonly Primitive[] {
  if (!names) return PRIMITIVES;
  const unknown = names.filter((n) => !PRIMITIVES.includes(n as Primitive));
  if (unknown.length)
    throw new UsageError(
      `unknown primitive '${unknown.join("', '")}'; valid primitives: ${PRIMITIVES.join(', ')}`,
    );
  return PRIMITIVES.filter((p) => names.includes(p));
}

const ms = (v: number): string => (v >= 100 ? v.toFixed(1) : v >= 1 ? v.toFixed(3) : v.toFixed(4));

/** One line per task: engine, primitive, mean, p50, p99, sd, ±rme, samples (or the reason). */
export function benchTable(bench: BenchResults): string {
  const rows = benchRows(bench).map((row) => row.filter((v) => v !== '').map(String));
  const w = bench.workload;
  return (
    `Primitives on ${w.records} records and ${w.textChars} characters of text (seed ${w.seed}); times in ms\n` +
    textTable([...BENCH_COLUMNS], rows)
  );
}

/** Runs the benchmarks; resolves to a results document with no runs and `timing.bench`. */
export async function benchSuite(
  proc: CliProcess,
  options: Omit<BenchCommandOptions, 'out' | 'json'>,
): Promise<ResultsDocument> {
  const started = createStopwatch();
  const startedAt = new Date().toISOString();
  const primitives = primitivesOf(options.primitives);
  const loaded = await loadEngines(options.engines ?? ENGINE_NAMES, proc.cwd());
  const adapters = loaded.map((e) => e.adapter);
  const base = BENCH_WORKLOADS[options.scale];
  const workload: BenchWorkload = {
    records: options.records ?? base.records,
    textChars: options.textChars ?? base.textChars,
    seed: options.seed,
  };
  const progress = new Progress(proc.stderr, adapters.length * primitives.length);
  let bench;
  try {
    bench = await runBench(adapters, {
      workload,
      plan: options.plan ?? (options.samples ? uniformPlan(options.samples) : DEFAULT_SAMPLE_PLAN),
      primitives,
      onTask: ({ engine, primitive, done }) => {
        if (!done) return progress.begin(`${engine} ${primitive}`);
        progress.end(
          done.state === 'measured'
            ? `${engine} ${primitive}: mean ${ms(done.stats.meanMs)} ms ±${done.stats.rmePercent.toFixed(1)} % (${done.stats.samples} samples)`
            : `${engine} ${primitive}: ${done.state === 'errored' ? 'ERRORED' : 'unsupported'}: ${done.reason}`,
        );
      },
    });
  } finally {
    progress.close();
  }
  return resultsDocument({
    argv: proc.argv,
    settings: { seed: options.seed, scale: options.scale, profile: null, trace: null, scenarios: [] },
    engines: adapters,
    runs: [],
    timing: { startedAt, wallMs: started.elapsedMs(), machine: machineInfo(), runs: [], bench },
  });
}

export async function benchCommand(proc: CliProcess, options: BenchCommandOptions): Promise<number> {
  await prepareOutDir(resolve(proc.cwd(), options.out), 'the --out directory');
  const document = await benchSuite(proc, options);
  const bench = document.timing.bench;
  const { resultsPath, reportPath, text } = await writeResults(proc, document, options.out);
  if (options.json) proc.stdout.write(text);
  else if (bench) proc.stdout.write(`\n${benchTable(bench)}`);
  proc.stderr.write(`results: ${resultsPath}\nreport: ${reportPath}\n`);
  const errored = bench?.tasks.filter((t) => t.state === 'errored') ?? [];
  for (const t of errored)
    proc.stderr.write(`ERRORED ${t.engine} ${t.primitive}: ${t.state === 'errored' ? t.reason : ''}\n`);
  return errored.length > 0 ? EXIT.failed : EXIT.ok;
}
