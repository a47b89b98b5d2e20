/**
 * `syncbench gate`: compares current results with a baseline and exits 0 (pass), 1 (a figure
 * regressed or went missing), 2 (the two cannot be compared, and why) or 64 (usage). Without
 * `--current` it runs now what the baseline ran: the same scenarios, engines, seed, scale,
 * profile and trace, and the same benchmarks.
 */
import { existsSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { ENGINE_NAMES } from '../../adapters/registry.ts';
import { UsageError } from '../errors.ts';
import { compareFigures } from '../gate/compare-figures.ts';
import { incomparability } from '../gate/comparable.ts';
import { actionBenchmarkJson, bencherMetricFormat } from '../gate/gate-exports.ts';
import { figuresOf } from '../gate/gate-figures.ts';
import type { GateSummary } from '../gate/gate-output.ts';
import { gateJson, gateMarkdown, gateTable } from '../gate/gate-output.ts';
import type { Thresholds } from '../gate/thresholds.ts';
import { loadThresholds, unmatchedNames } from '../gate/thresholds.ts';
import { loadResults } from '../../reports/load-results.ts';
import type { ResultsDocument } from '../results/results-document.ts';
import { prepareOutDir, writeFileAtomic } from '../results/write-atomic.ts';
import { benchSuite } from './bench-command.ts';
import type { CliProcess } from './cli-process.ts';
import { EXIT } from './cli-process.ts';
import { runSuite, writeResults } from './run-command.ts';

export const GATE_FORMATS = ['table', 'md', 'json'] as const;

export interface GateOptions {
  readonly baseline: string;
  readonly current?: string;
  readonly thresholds?: string;
  readonly format: string;
  readonly markdown?: string;
  readonly json?: string;
  readonly githubBenchmark?: string;
  readonly bmf?: string;
  readonly all: boolean;
  readonly updateBaseline: boolean;
  readonly out: string;
  /** Worker processes for a suite the gate runs itself (`--jobs`). */
  readonly jobs?: number;
  /** Whether timing regressions fail the gate; overrides the thresholds file. */
  readonly timings?: string;
}

/** Runs what `baseline` ran, now, with the same settings; writes it to `out`. */
async function runLikeBaseline(
  proc: CliProcess,
  baseline: ResultsDocument,
  out: string,
  jobs: number | undefined,
): Promise<ResultsDocument> {
  const { meta } = baseline;
  const foreign = meta.engines.filter((e) => !(ENGINE_NAMES as readonly string[]).includes(e));
  if (foreign.length)
    throw new UsageError(
      `the baseline ran engines that are not built in (${foreign.join(', ')}); run the suite yourself and pass --current`,
    );
  const settings = { engines: [...meta.engines], seed: meta.seed, scale: meta.scale };
  let doc: ResultsDocument | undefined;
  if (baseline.runs.length > 0) {
    if (meta.trace && !meta.trace.file)
      throw new UsageError(
        'the baseline replayed an editing trace whose file it does not name; pass --current',
      );
    doc = await runSuite(proc, meta.scenarios, {
      ...settings,
      ...(meta.profile ? { profile: meta.profile } : {}),
      ...(meta.compression ? { compression: meta.compression } : {}),
      ...(meta.trace?.file ? { trace: meta.trace.file } : {}),
      ...(jobs === undefined ? {} : { jobs }),
    });
  }
  const bench = baseline.timing.bench;
  if (bench) {
    const timed = await benchSuite(proc, {
      ...settings,
      records: bench.workload.records,
      textChars: bench.workload.textChars,
      plan: bench.plan,
      primitives: [...new Set(bench.tasks.map((t) => t.primitive))],
    });
    doc = doc ? { ...doc, timing: { ...doc.timing, bench: timed.timing.bench } } : timed;
  }
  if (!doc) throw new UsageError('the baseline has no runs and no benchmarks: nothing to compare');
  const { resultsPath } = await writeResults(proc, doc, out);
  proc.stderr.write(`current results: ${resultsPath}\n`);
  return doc;
}

function render(summary: GateSummary, format: string, all: boolean): string {
  if (format === 'md') return gateMarkdown(summary, all);
  if (format === 'json') return gateJson(summary);
  return gateTable(summary, all);
}

export async function gateCommand(proc: CliProcess, options: GateOptions): Promise<number> {
  if (!(GATE_FORMATS as readonly string[]).includes(options.format))
    throw new UsageError(`unknown format '${options.format}'; valid formats: ${GATE_FORMATS.join(', ')}`);
  const cwd = proc.cwd();
  const fromFile: Thresholds = options.thresholds ? loadThresholds(options.thresholds, cwd) : {};
  if (options.timings !== undefined && options.timings !== 'warn' && options.timings !== 'fail')
    throw new UsageError(`--timings must be warn or fail, got '${options.timings}'`);
  const thresholds: Thresholds = options.timings
    ? { ...fromFile, timing: { ...fromFile.timing, regressions: options.timings } }
    : fromFile;
  const firstBaseline = options.updateBaseline && !existsSync(resolve(cwd, options.baseline));
  if (firstBaseline && !options.current)
    throw new UsageError(
      `baseline ${options.baseline} does not exist yet; pass --current to make it the baseline`,
    );
  // Without --current the suite runs now and writes into --out: never over the baseline itself.
  const baselinePath = resolve(cwd, options.baseline);
  const outDir = resolve(cwd, options.out);
  if (!options.current && (baselinePath === outDir || baselinePath.startsWith(`${outDir}${sep}`)))
    throw new UsageError(
      `the baseline ${options.baseline} is inside --out ${options.out}, where the suite run now would write its results over it; pass --current, or --out another directory`,
    );
  const current = options.current ? loadResults(options.current, cwd) : undefined;
  const baseline = firstBaseline ? undefined : loadResults(options.baseline, cwd);
  if (!current) await prepareOutDir(outDir, 'the --out directory');
  const now =
    current ?? (baseline ? await runLikeBaseline(proc, baseline, options.out, options.jobs) : undefined);
  if (!now) throw new UsageError('nothing to compare');
  const label = options.current ?? `${options.out}/results.json (run now)`;
  const reasons = baseline ? incomparability(baseline, now) : [];
  for (const name of unmatchedNames(thresholds, [
    ...(baseline ? figuresOf(baseline) : []),
    ...figuresOf(now),
  ]))
    proc.stderr.write(`syncbench gate: warning: thresholds file ${options.thresholds ?? ''}: ${name}\n`);
  const verdicts = reasons.length
    ? undefined
    : compareFigures(baseline ? figuresOf(baseline) : [], figuresOf(now), thresholds);
  const summary: GateSummary = {
    outcome: reasons.length ? 'not comparable' : verdicts?.failed ? 'fail' : 'pass',
    baseline: options.baseline,
    current: label,
    reasons,
    ...(verdicts ? { verdicts } : {}),
  };
  proc.stdout.write(render(summary, options.format, options.all));
  const write = async (path: string | undefined, text: () => string): Promise<void> => {
    if (path) await writeFileAtomic(resolve(cwd, path), text());
  };
  await write(options.markdown, () => gateMarkdown(summary, options.all));
  await write(options.json, () => gateJson(summary));
  await write(
    options.githubBenchmark,
    () => `${JSON.stringify(actionBenchmarkJson(figuresOf(now)), null, 2)}\n`,
  );
  await write(options.bmf, () => `${JSON.stringify(bencherMetricFormat(figuresOf(now)), null, 2)}\n`);
  if (summary.outcome === 'not comparable') {
    proc.stderr.write(`syncbench gate: not comparable; the baseline was not updated\n`);
    return EXIT.notComparable;
  }
  if (options.updateBaseline) {
    await writeFileAtomic(resolve(cwd, options.baseline), `${JSON.stringify(now, null, 2)}\n`);
    proc.stderr.write(`baseline ${options.baseline} updated\n`);
  }
  return summary.outcome === 'fail' ? EXIT.failed : EXIT.ok;
}
