/**
 * `syncbench run`: runs every (scenario, engine) pair for one seed and scale, shows progress,
 * writes results.json, and exits 1 if any run failed to converge, lost inserts or errored,
 * printing the seed and the command that replays each failure. A failed run that is a known
 * finding (adapters/known-findings.ts) is reported as such and does not fail the exit code,
 * unless `--strict`; a known finding that no longer reproduces is reported too.
 */
import { join, resolve } from 'node:path';
import type { Compression, SyncAdapter } from '../contract/contract.ts';
import { loadEngines } from '../../adapters/load-engine.ts';
import { knownFindingOf } from '../../adapters/known-findings.ts';
import { ENGINE_NAMES } from '../../adapters/registry.ts';
import type { Scale, ScenarioInputs } from '../scenario/define-scenario.ts';
import { readEditingTrace } from '../scenario/traces/editing-trace.ts';
import { UsageError } from '../errors.ts';
import type { LoadedScenario } from '../../scenarios/load-scenario.ts';
import { loadScenario } from '../../scenarios/load-scenario.ts';
import { SCENARIO_NAMES } from '../../scenarios/registry.ts';
import type { ResultsDocument } from '../results/results-document.ts';
import { machineInfo, resultsDocument } from '../results/results-document.ts';
import { prepareOutDir, writeFileAtomic } from '../results/write-atomic.ts';
import type { RunResult, RunTiming } from '../runner/result.ts';
import { failedAnew, isKnownFinding, isStaleFinding, runFailed } from '../runner/result.ts';
import { comparisonTable } from './comparison-table.ts';
import { htmlReport } from '../../reports/html-report.ts';
import { reportData } from '../../reports/report-data.ts';
import type { RunOutcome } from '../runner/run-scenario.ts';
import { planFor } from '../runner/run-scenario.ts';
import { runOnPool } from '../pool/run-pool.ts';
import type { Shard } from '../pool/schedule.ts';
import { estimateMs, longestFirst, shardTasks } from '../pool/schedule.ts';
import { TaskRunner } from '../pool/task-runner.ts';
import type { RunTask, SuiteSettings } from '../pool/worker-protocol.ts';
import { profileByName } from '../sim/link-profile.ts';
import { createStopwatch } from '../timing/stopwatch.ts';
import type { CliProcess } from './cli-process.ts';
import { EXIT } from './cli-process.ts';
import { describeRun, Progress } from './progress.ts';
import { resumableRuns } from './resume.ts';

export interface RunOptions {
  readonly engines?: string[];
  readonly seed: number;
  readonly scale: Scale;
  readonly profile?: string;
  readonly compression?: Compression;
  readonly trace?: string;
  readonly out: string;
  readonly json: boolean;
  /** Known findings fail the exit code too. */
  readonly strict?: boolean;
  /** Keep the runs an interrupted suite of the same configuration already wrote to `out`. */
  readonly resume?: boolean;
  /** Worker processes (`--jobs`). */
  readonly jobs: number;
  /** `--shard i/n`. */
  readonly shard?: Shard;
  /** `--run-timeout`: wall ms after which a run is stopped and errored. */
  readonly runTimeout?: number;
}

/** `result` with the known finding it is, if any. */
function withKnownFinding(
  result: RunResult,
  options: Pick<RunOptions, 'profile' | 'compression'>,
): RunResult {
  if (result.state !== 'completed') return result;
  const knownFinding = knownFindingOf({
    engine: result.engine,
    libraryVersion: result.libraryVersion,
    scenario: result.scenario,
    scale: result.scale,
    seed: result.seed,
    changedNetwork: options.profile !== undefined || (options.compression ?? 'none') !== 'none',
    failed: runFailed(result),
  });
  return knownFinding ? { ...result, knownFinding } : result;
}

function replayCommand(
  scenario: string,
  engine: string,
  options: Pick<RunOptions, 'profile' | 'compression' | 'trace' | 'seed' | 'scale'>,
): string {
  const profile =
    (options.profile ? ` --profile ${options.profile}` : '') +
    (options.compression ? ` --compression ${options.compression}` : '');
  const trace = options.trace ? ` --trace ${options.trace}` : '';
  return `npx syncbench run ${scenario} --engines ${engine} --seed ${options.seed} --scale ${options.scale}${profile}${trace}`;
}

/** How a suite runs its runs: in this process, or on a pool of `jobs` worker processes. */
export interface SuiteExecution {
  /** Worker processes to run on; absent, the runs run in this process, one after another. */
  readonly jobs?: number;
  /** Only this cost-balanced slice of the matrix (`--shard i/n`). */
  readonly shard?: Shard;
  /** On workers: a run still going after this many wall ms is stopped and errored. */
  readonly runTimeout?: number;
}

/**
 * Runs every (scenario, engine) pair with progress on stderr; resolves to the results document.
 * `save` gets the document of the runs finished so far (`complete: false`) as the suite starts
 * and after each run. Results are in matrix order (scenario-major, engine-minor) whatever order
 * the runs ran in, so a suite gives the same document for any number of workers.
 */
export async function runSuite(
  proc: CliProcess,
  scenarioArgs: readonly string[],
  options: Omit<RunOptions, 'out' | 'json' | 'resume' | 'jobs' | 'shard' | 'runTimeout'> &
    SuiteExecution & {
      /** The out directory whose finished runs to keep (`--resume`). */
      readonly resumeFrom?: string;
    },
  save: (partial: ResultsDocument) => Promise<void> = () => Promise.resolve(),
): Promise<ResultsDocument> {
  const started = createStopwatch();
  const startedAt = new Date().toISOString();
  const scenarios: LoadedScenario[] = [];
  for (const arg of scenarioArgs.length ? scenarioArgs : SCENARIO_NAMES)
    scenarios.push(await loadScenario(arg, proc.cwd()));
  const loaded = await loadEngines(options.engines ?? ENGINE_NAMES, proc.cwd());
  const engines: SyncAdapter[] = loaded.map((e) => e.adapter);
  const profile = options.profile ? profileByName(options.profile) : undefined;
  const inputs = scenarioInputs(scenarios, options, proc.cwd());
  const common = {
    seed: options.seed,
    scale: options.scale,
    inputs,
    ...(profile ? { profile } : {}),
    ...(options.compression ? { compression: options.compression } : {}),
  };
  for (const s of scenarios) planFor({ scenario: s.definition, source: s.argument, ...common }); // fail fast on a bad scenario
  const trace = inputs.trace
    ? { file: options.trace, txns: inputs.trace.txns.length, kind: inputs.trace.kind }
    : null;
  const shard = options.shard ?? null;
  const resumed =
    options.resumeFrom === undefined
      ? undefined
      : resumableRuns(proc.cwd(), options.resumeFrom, {
          seed: options.seed,
          scale: options.scale,
          profile: options.profile ?? null,
          compression: options.compression ?? null,
          trace,
          shard,
          libraries: Object.fromEntries(engines.map((e) => [e.name, e.version])),
        });
  if (resumed)
    proc.stderr.write(
      resumed.size > 0
        ? `resuming: ${resumed.size} finished run${resumed.size === 1 ? '' : 's'} in ${resumed.path} of the same configuration are kept\n`
        : `resuming: no finished runs in ${resumed.path}; running every run\n`,
    );
  const matrix: RunTask[] = scenarios.flatMap((scenario, s) =>
    loaded.map(({ adapter, argument }, e) => ({
      index: s * loaded.length + e,
      scenario: scenario.definition.name,
      scenarioArgument: scenario.argument,
      engine: adapter.name,
      engineArgument: argument,
      replay: replayCommand(scenario.argument, argument, options),
      estimateMs: estimateMs(scenario.definition.name, adapter.name, options.scale),
      freshProcess: adapter.capabilities.needsFreshProcess !== undefined,
    })),
  );
  const tasks = shard ? shardTasks(matrix, shard) : matrix;
  const workers = options.jobs === undefined ? 1 : Math.max(1, Math.min(options.jobs, tasks.length));
  const progress = new Progress(
    proc.stderr,
    tasks.length,
    undefined,
    workers,
    tasks.reduce((n, t) => n + t.estimateMs, 0),
  );
  const finished = new Map<number, { result: RunResult; timing: RunTiming | undefined }>();
  const documentOf = (complete: boolean, left = resumed?.left() ?? []): ResultsDocument => {
    const done = tasks.flatMap((t) => {
      const run = finished.get(t.index);
      return run ? [run] : [];
    });
    return resultsDocument({
      argv: proc.argv,
      settings: {
        seed: options.seed,
        scale: options.scale,
        profile: options.profile ?? null,
        compression: options.compression ?? null,
        trace,
        scenarios: scenarios.map((s) => s.definition.name),
        ...(shard ? { shard } : {}),
      },
      engines,
      // Until the suite ends, the kept runs it has not reached stay in the file too, so an
      // interrupted --resume loses none of them.
      runs: [...done.map((d) => d.result), ...(complete ? [] : left.map((k) => k.result))],
      complete,
      timing: {
        startedAt,
        wallMs: started.elapsedMs(),
        machine: machineInfo(),
        runs: [
          ...done.flatMap((d) => (d.timing ? [d.timing] : [])),
          ...(complete ? [] : left.flatMap((k) => (k.timing ? [k.timing] : []))),
        ],
      },
    });
  };
  const toRun: RunTask[] = [];
  for (const task of tasks) {
    const kept = resumed?.take(task.scenario, task.engine);
    if (!kept) {
      toRun.push(task);
      continue;
    }
    finished.set(task.index, { result: withKnownFinding(kept.result, options), timing: kept.timing });
    progress.kept(describeRun(kept.result, kept.timing), task.estimateMs);
  }
  await save(documentOf(false));
  const settings: SuiteSettings = {
    cwd: proc.cwd(),
    seed: options.seed,
    scale: options.scale,
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.compression ? { compression: options.compression } : {}),
    ...(options.trace ? { trace: resolve(proc.cwd(), options.trace) } : {}),
  };
  const label = (task: RunTask): string => `${task.scenario} × ${task.engine}`;
  // The worker waits for the write (tens of ms), so a write that fails stops the suite, as it should.
  const ended = (task: RunTask, outcome: RunOutcome, slot: number): Promise<void> => {
    const result = withKnownFinding(outcome.result, options);
    finished.set(task.index, { result, timing: outcome.timing });
    progress.end(describeRun(result, outcome.timing), slot);
    return save(documentOf(false));
  };
  try {
    if (options.jobs === undefined) {
      const runner = new TaskRunner(settings);
      for (const task of toRun) {
        progress.begin(label(task), 0, task.estimateMs);
        await ended(task, await runner.run(task, (t, end) => progress.update(t, end)), 0);
      }
    } else {
      const slots = new Map<number, number>();
      await runOnPool(
        longestFirst(toRun),
        settings,
        workers,
        {
          begin: (task, slot) => {
            slots.set(task.index, slot);
            progress.begin(label(task), slot, task.estimateMs);
          },
          progress: (task, t, end) => progress.update(t, end, slots.get(task.index)),
          end: (task, outcome) => ended(task, outcome, slots.get(task.index) ?? 0),
        },
        (chunk) => proc.stderr.write(chunk),
        options.runTimeout,
      );
    }
  } finally {
    progress.close();
  }
  return documentOf(true);
}

/** Writes `results.json` and `report.html` into `out`; returns their paths and the JSON text. */
export async function writeResults(
  proc: CliProcess,
  document: ResultsDocument,
  out: string,
): Promise<{ resultsPath: string; reportPath: string; text: string }> {
  const outDir = resolve(proc.cwd(), out);
  const resultsPath = join(outDir, 'results.json');
  const text = `${JSON.stringify(document, null, 2)}\n`;
  await writeFileAtomic(resultsPath, text);
  const reportPath = join(outDir, 'report.html');
  await writeFileAtomic(reportPath, htmlReport(reportData([document])));
  return { resultsPath, reportPath, text };
}

export async function runCommand(
  proc: CliProcess,
  scenarioArgs: string[],
  options: RunOptions,
): Promise<number> {
  await prepareOutDir(resolve(proc.cwd(), options.out), 'the --out directory');
  // results.json and report.html are rewritten as each run finishes (and replaced as the suite
  // starts, so an earlier suite's files never pass for this one's); an interruption waits for
  // the write in progress and leaves the finished runs there.
  let writing: Promise<unknown> = Promise.resolve();
  let saved: ResultsDocument | undefined;
  const save = (partial: ResultsDocument): Promise<void> => {
    saved = partial;
    writing = writing.then(() => writeResults(proc, partial, options.out));
    return writing.then(() => undefined);
  };
  const interrupted = (signal: NodeJS.Signals): void => {
    void writing.then(() => {
      const where = join(resolve(proc.cwd(), options.out), 'results.json');
      proc.stderr.write(
        `\ninterrupted (${signal}): the ${saved?.runs.length ?? 0} finished runs are in ${where} (complete: false)\n`,
      );
      proc.exit?.(EXIT.interrupted);
    });
  };
  proc.on?.('SIGINT', interrupted);
  proc.on?.('SIGTERM', interrupted);
  let document: ResultsDocument;
  try {
    const resumeFrom = options.resume ? { resumeFrom: options.out } : {};
    document = await runSuite(proc, scenarioArgs, { ...options, ...resumeFrom }, save);
  } finally {
    proc.off?.('SIGINT', interrupted);
    proc.off?.('SIGTERM', interrupted);
  }
  await writing;
  const { runs } = document;
  const { resultsPath, reportPath, text } = await writeResults(proc, document, options.out);
  if (options.json) proc.stdout.write(text);
  else proc.stdout.write(`\n${comparisonTable(runs)}`);
  proc.stderr.write(`results: ${resultsPath}\nreport: ${reportPath}\n`);
  return reportVerdicts(proc, runs, options.strict ?? false);
}

/**
 * Says which runs are known findings, which known findings no longer reproduce, and which runs
 * failed anew; returns the exit code: failed if any run failed anew (or, `strict`, at all).
 */
export function reportVerdicts(proc: CliProcess, runs: readonly RunResult[], strict: boolean): number {
  const known = runs.filter(isKnownFinding);
  for (const run of known)
    proc.stderr.write(
      `known finding ${run.knownFinding.id}: ${run.scenario} × ${run.engine}: ${run.knownFinding.summary} (${run.knownFinding.docs})\n`,
    );
  for (const run of runs.filter(isStaleFinding))
    proc.stderr.write(
      `known finding ${run.knownFinding.id} no longer reproduces: ${run.scenario} × ${run.engine} passed where it used to fail; the library may have fixed it (${run.knownFinding.docs})\n`,
    );
  const failures = runs.filter((r) => (strict ? runFailed(r) : failedAnew(r)));
  for (const failure of failures) {
    proc.stderr.write(
      `FAILED ${failure.scenario} × ${failure.engine} (seed ${failure.seed}); replay: ${failure.replay}\n`,
    );
  }
  const ids = [...new Set(known.map((r) => r.knownFinding.id))];
  if (known.length > 0)
    proc.stderr.write(
      `${known.length} run${known.length === 1 ? '' : 's'} failed as ${ids.length} known finding${ids.length === 1 ? '' : 's'}${strict ? ', failures under --strict' : ', not failures'}: ${ids.join(', ')}\n`,
    );
  return failures.length > 0 ? EXIT.failed : EXIT.ok;
}

/** Reads `--trace`, which only makes sense when a scenario that replays traces is selected. */
function scenarioInputs(
  scenarios: readonly LoadedScenario[],
  options: Pick<RunOptions, 'trace'>,
  cwd: string,
): ScenarioInputs {
  if (!options.trace) return {};
  if (!scenarios.some((s) => s.definition.takes?.includes('trace')))
    throw new UsageError(
      `--trace is for scenarios that replay an editing trace (editing-trace); none of ${scenarios.map((s) => s.argument).join(', ')} does`,
    );
  return { trace: readEditingTrace(resolve(cwd, options.trace)) };
}
