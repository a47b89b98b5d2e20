/**
 * `syncbench fuzz`: property-based fuzzing of engines with generated edit and fault schedules.
 * Progress goes to stderr (cases, cases per second, the current shrink); a failure prints the
 * seed, fast-check's path and the shrunk case, and is written as a scenario file that
 * `syncbench replay` (and `syncbench run`) re-runs exactly. Exit 1 when any engine failed.
 */
import { join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadEngines } from '../../adapters/load-engine.ts';
import { ENGINE_NAMES } from '../../adapters/registry.ts';
import type { FuzzCase, FuzzFault, FuzzStep } from '../fuzz/fuzz-case.ts';
import { caseScenario, caseSize } from '../fuzz/fuzz-case.ts';
import type { EditIntent } from '../scenario/edit-intent.ts';
import type { EngineFuzzResult, FuzzOptions, FuzzProgress } from '../fuzz/run-fuzz.ts';
import { fuzzEngine } from '../fuzz/run-fuzz.ts';
import { prepareOutDir, writeFileAtomic } from '../results/write-atomic.ts';
import type { CliProcess } from './cli-process.ts';
import { EXIT } from './cli-process.ts';
import { UsageError } from '../errors.ts';
import { textTable } from '../../reports/text-table.ts';

export interface FuzzCommandOptions {
  readonly engines?: string[];
  readonly runs: number;
  readonly seed: number;
  readonly maxOps: number;
  readonly maxClients: number;
  readonly maxFaults: number;
  readonly transport: string;
  readonly faults?: FuzzFault['kind'][];
  readonly edits?: EditIntent['kind'][];
  readonly reliable?: boolean;
  readonly maxDuration: number;
  readonly timeLimit?: number;
  readonly path?: string;
  readonly out: string;
}

const size = (c: FuzzCase): string => {
  const s = caseSize(c);
  return `${s.clients} clients, ${s.ops} edits, ${s.faults} faults`;
};

/** One line per step of a case, as the scenario file has them. */
export function describeCase(c: FuzzCase): string[] {
  const scenario = caseScenario(c, { name: 'x', transport: 'stream' }) as { steps: FuzzStep[] };
  return scenario.steps.slice(1).map((step) => {
    const { at, ...rest } = step as FuzzStep & Record<string, unknown>;
    return `  ${String(at).padStart(6)} ms  ${JSON.stringify(rest)}`;
  });
}

function progressLine(p: FuzzProgress): string {
  const rate = p.elapsedMs > 0 ? (p.cases / p.elapsedMs) * 1000 : 0;
  const head = `fuzz ${p.engine}: ${p.cases} cases, ${rate.toFixed(1)} cases/s`;
  if (p.phase === 'searching' || !p.smallest) return head;
  const s = p.smallest;
  return `${head}; FAILED, shrinking: attempt ${p.shrinkAttempts ?? 0}, smallest ${s.clients} clients, ${s.ops} edits, ${s.faults} faults`;
}

export async function fuzzCommand(proc: CliProcess, options: FuzzCommandOptions): Promise<number> {
  const transport = options.transport as FuzzOptions['transport'];
  if (options.path !== undefined && !/^\d+(:\d+)*$/.test(options.path))
    throw new UsageError(
      `--path must be a fast-check path as a failing search prints it (numbers joined by ':', e.g. "12:0:3"), got "${options.path}"`,
    );
  await prepareOutDir(resolve(proc.cwd(), options.out), 'the --out directory');
  const loaded = await loadEngines(options.engines ?? ENGINE_NAMES, proc.cwd());
  if (!loaded.some(({ adapter }) => adapter.capabilities.transports.includes(transport)))
    throw new UsageError(
      `nothing to fuzz: no engine of ${loaded.map((e) => e.adapter.name).join(', ')} runs over --transport ${transport} (they run over ${[...new Set(loaded.flatMap((e) => e.adapter.capabilities.transports))].join(', ')})`,
    );
  const started = performance.now();
  const results: EngineFuzzResult[] = [];
  /** Each failure's report, as printed, for the summary file. */
  const failures: string[] = [];
  let lastPrint = -Infinity;
  for (const [i, { adapter, argument }] of loaded.entries()) {
    const left = options.timeLimit ? options.timeLimit * 1000 - (performance.now() - started) : undefined;
    const timeLimitMs = left === undefined ? undefined : Math.max(1, left / (loaded.length - i));
    const result = await fuzzEngine(adapter, {
      runs: options.runs,
      seed: options.seed,
      maxOps: options.maxOps,
      maxClients: options.maxClients,
      maxFaults: options.maxFaults,
      transport,
      ...(options.faults ? { faults: options.faults } : {}),
      ...(options.edits ? { edits: options.edits } : {}),
      ...(options.reliable ? { unreliable: false } : {}),
      maxDurationMs: options.maxDuration,
      ...(timeLimitMs ? { timeLimitMs } : {}),
      ...(options.path ? { path: options.path } : {}),
      onProgress: (p) => {
        const now = performance.now();
        if (proc.stderr.isTTY) proc.stderr.write(`\r\x1b[2K${progressLine(p)}`);
        else if (now - lastPrint > 5000 || (p.phase === 'shrinking' && p.shrinkAttempts === 1)) {
          proc.stderr.write(`${progressLine(p)}\n`);
          lastPrint = now;
        }
      },
    });
    if (proc.stderr.isTTY) proc.stderr.write('\r\x1b[2K');
    results.push(result);
    if (result.state === 'unsupported')
      proc.stderr.write(`fuzz ${result.engine}: unsupported (${result.reason})\n`);
    else if (result.failure) failures.push(await reportFailure(proc, result, argument, options, transport));
    else
      proc.stderr.write(
        `fuzz ${result.engine}: ${result.cases} cases passed${result.interrupted ? ' (stopped by --time-limit)' : ''}\n`,
      );
  }
  const table = summaryTable(results);
  proc.stdout.write(`\n${table}`);
  const summary = join(resolve(proc.cwd(), options.out), 'fuzz-summary.md');
  await writeFileAtomic(summary, summaryMarkdown(proc, options, table, failures));
  proc.stderr.write(`summary: ${relative(proc.cwd(), summary) || summary}\n`);
  return results.some((r) => r.state === 'failed') ? EXIT.failed : EXIT.ok;
}

async function reportFailure(
  proc: CliProcess,
  result: Extract<EngineFuzzResult, { state: 'passed' | 'failed' }>,
  engineArgument: string,
  options: FuzzCommandOptions,
  transport: FuzzOptions['transport'],
): Promise<string> {
  const f = result.failure;
  if (!f) return '';
  const file = join(resolve(proc.cwd(), options.out), `fuzz-${result.engine}-seed${options.seed}.json`);
  const scenario = caseScenario(f.shrunk, {
    name: `fuzz-${result.engine}-seed${options.seed}`.toLowerCase().replace(/[^a-z0-9-]/g, '-'),
    transport,
    fuzz: {
      engine: engineArgument,
      seed: f.shrunk.seed,
      property: f.verdict.property,
      failure: f.verdict.detail,
      fastCheck: { seed: f.fastCheckSeed, path: f.path, runs: result.cases, shrinks: f.shrinks },
      size: { before: caseSize(f.original), after: caseSize(f.shrunk) },
      case: f.shrunk,
    },
  });
  await writeFileAtomic(file, `${JSON.stringify(scenario, null, 2)}\n`);
  const shown = relative(proc.cwd(), file) || file;
  const text = [
    `FAILED fuzz ${result.engine}: ${f.verdict.property}: ${f.verdict.detail}`,
    `  after ${result.cases} cases; fast-check seed ${f.fastCheckSeed}, path "${f.path}" (${f.shrinks} shrinks)`,
    `  shrunk from ${size(f.original)} to ${size(f.shrunk)}; simulation seed ${f.shrunk.seed}; network ${JSON.stringify(f.shrunk.network)}`,
    ...describeCase(f.shrunk),
    `  written to ${shown}`,
    `  replay: npx syncbench replay ${shown}`,
    `      or: npx syncbench run ${shown} --engines ${engineArgument} --seed ${f.shrunk.seed}`,
    `  this exact search: npx syncbench fuzz --engines ${engineArgument} --seed ${options.seed} --path "${f.path}" --max-ops ${options.maxOps} --max-clients ${options.maxClients} --max-faults ${options.maxFaults} --max-duration ${options.maxDuration}${options.faults ? ` --faults ${options.faults.join(',') || 'none'}` : ''}${options.edits ? ` --edits ${options.edits.join(',')}` : ''}${options.reliable ? ' --reliable' : ''} --transport ${transport}`,
    '',
  ].join('\n');
  proc.stderr.write(text);
  return text;
}

/** The run's summary and every failure, as a Markdown file next to the failing cases (for a nightly job's artifacts). */
function summaryMarkdown(
  proc: CliProcess,
  options: FuzzCommandOptions,
  table: string,
  failures: readonly string[],
): string {
  return [
    '# syncbench fuzz',
    '',
    `\`${['syncbench', ...proc.argv.slice(2)].join(' ')}\` — seed ${options.seed}, up to ${options.maxOps} edits, ${options.maxClients} clients, ${options.maxFaults} faults, ${options.transport}`,
    '',
    '```',
    table.trimEnd(),
    '```',
    '',
    ...(failures.length
      ? ['## Failures', '', ...failures.map((f) => ['```', f.trimEnd(), '```', ''].join('\n'))]
      : ['No failures.', '']),
  ].join('\n');
}

function summaryTable(results: readonly EngineFuzzResult[]): string {
  const rows = results.map((r) =>
    r.state === 'unsupported'
      ? [r.engine, `unsupported: ${r.reason}`]
      : [
          r.engine,
          String(r.cases),
          r.failure ? '1' : '0',
          (r.elapsedMs / 1000).toFixed(1),
          ((r.cases / Math.max(1, r.searchMs)) * 1000).toFixed(1),
          r.failure
            ? `FAILED: ${r.failure.verdict.property}`
            : r.interrupted
              ? 'passed (time limit)'
              : 'passed',
        ],
  );
  // cases/s counts the search only: shrinking a failure runs many more cases, which are not counted.
  return textTable(['engine', 'cases', 'failures', 'time s', 'cases/s', 'result'], rows, 1);
}
