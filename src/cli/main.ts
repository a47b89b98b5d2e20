/**
 * The CLI entry: builds the commander program, runs it against a process-like object, and is the
 * one place that catches errors. Usage errors print one line and exit 64; anything unexpected
 * prints its stack and how to report it, and exits 70.
 */
import { Command, CommanderError, Option } from 'commander';
import { ENGINE_NAMES } from '../../adapters/registry.ts';
import { SCALES } from '../scenario/define-scenario.ts';
import { SCENARIO_NAMES } from '../../scenarios/registry.ts';
import { CannotCreateError, UsageError } from '../errors.ts';
import type { CliProcess } from './cli-process.ts';
import { EXIT } from './cli-process.ts';
import { LIST_TOPICS, listCommand } from './list-command.ts';
import {
  parseEdits,
  parseFaults,
  parseCount,
  parseEngines,
  parseList,
  parseCompression,
  parseShard,
  parseWallDuration,
  parseProfile,
  parseScale,
  parseSeed,
  scenariosArePositional,
} from './option-parsers.ts';
import { PROFILE_NAMES } from '../sim/link-profile.ts';
import { DEFAULT_MAX_DURATION_MS, FAULT_KINDS } from '../fuzz/fuzz-case.ts';
import { EDIT_KINDS } from '../scenario/edit-intent.ts';
import type { RunOptions } from './run-command.ts';
import { runCommand } from './run-command.ts';
import type { MergeOptions } from './merge-command.ts';
import { mergeCommand } from './merge-command.ts';
import { defaultJobs } from '../pool/default-jobs.ts';
import type { ReportOptions } from './report-command.ts';
import { REPORT_FORMATS, reportCommand } from './report-command.ts';
import { TOOL_VERSION } from '../tool-version.ts';
import type { BenchCommandOptions } from './bench-command.ts';
import { BENCH_WORKLOADS, benchCommand } from './bench-command.ts';
import type { GateOptions } from './gate-command.ts';
import { GATE_FORMATS, gateCommand } from './gate-command.ts';
import type { FuzzCommandOptions } from './fuzz-command.ts';
import { fuzzCommand } from './fuzz-command.ts';
import type { ReplayOptions } from './replay-command.ts';
import { replayCommand } from './replay-command.ts';
import { DEFAULT_SAMPLE_PLAN, PRIMITIVES, PRIMITIVE_DESCRIPTIONS } from '../bench/bench-result.ts';

function program(proc: CliProcess, setExit: (code: number) => void): Command {
  const cli = new Command('syncbench')
    .description(
      'Run scripted sync scenarios against real sync engines in a deterministic simulated network.',
    )
    .version(TOOL_VERSION)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => proc.stdout.write(s),
      writeErr: (s) => proc.stderr.write(s),
      outputError: (s, write) => write(s.endsWith('\n') ? s : `${s}\n`),
    })
    .showSuggestionAfterError(true);

  cli
    .command('run')
    .description('Run scenarios on engines and write results.json')
    .argument(
      '[scenario...]',
      `built-in scenarios (${SCENARIO_NAMES.join(', ')}) or scenario module paths; default: all`,
    )
    .option(
      '-e, --engines <list>',
      `comma-separated engines: built-in (${ENGINE_NAMES.join(', ')}), or the path or package name of a module exporting an adapter; default: every built-in`,
      parseEngines,
    )
    .option(
      '-s, --seed <n>',
      'seed of every random choice; the same seed gives the same results',
      parseSeed,
      1,
    )
    .option('--scale <scale>', `workload size: ${SCALES.join(' | ')}`, parseScale, 'default')
    .option(
      '-p, --profile <name>',
      `replace every scenario's network with a preset (${PROFILE_NAMES.join(', ')})`,
      parseProfile,
    )
    .option(
      '--compression <c>',
      "what every engine's connections compress: none (nothing; the WebSocket engines' servers' default) | deflate (WebSocket permessage-deflate with ws's defaults, messages of 1 KiB or more; HTTP gzip of responses); default: the scenario's, none",
      parseCompression,
    )
    .option(
      '--trace <file>',
      'an editing trace (josephg/editing-traces format, .json or .json.gz) for editing-trace to replay instead of a synthetic one',
    )
    .option('-o, --out <dir>', 'directory for results.json', 'syncbench-out')
    .option('--json', 'print results.json to stdout instead of the comparison table', false)
    .option('--strict', 'known findings of the engines (docs/findings.md) fail the exit code too', false)
    .option(
      '--resume',
      'keep the runs an interrupted suite of the same configuration already wrote to --out, and run the rest (errored runs run again)',
      false,
    )
    .option(
      '-j, --jobs <n>',
      `runs at once, each in its own worker process, longest first; results are the same for every n (default here: ${defaultJobs()}, one per core as far as memory allows 4 GiB each)`,
      parseCount('--jobs', 1),
      defaultJobs(),
    )
    .option(
      '--run-timeout <duration>',
      "stop a run still going after this much wall time (e.g. 15m) and record it as errored, with how far it got and its process's peak memory; default: no limit",
      parseWallDuration('--run-timeout'),
    )
    .option(
      '--shard <i/n>',
      'run only slice i of n of the matrix (cost-balanced, the same slices on every machine); combine the shards with syncbench merge',
      parseShard,
    )
    .addOption(new Option('--scenarios <list>').hideHelp().argParser(scenariosArePositional))
    .addOption(new Option('--scenario <list>').hideHelp().argParser(scenariosArePositional))
    .addHelpText(
      'after',
      '\nExamples:\n  syncbench run concurrent-edits --engines yjs,automerge,pouchdb,rxdb --seed 1\n' +
        '  syncbench run concurrent-edits --engines yjs,./my-engine.ts\n  syncbench run --scale ci --out ci-results\n' +
        '  syncbench run editing-trace --engines yjs,automerge,reference --trace traces/automerge-paper.json.gz\n' +
        '\nAt the end a comparison table (one row per scenario and engine) goes to stdout.\n' +
        '\nA run that fails as a known finding of its engine says so (`known finding <id>`) and does not fail\n' +
        'the exit code unless --strict; a known finding that no longer reproduces is reported too.\n' +
        '\nExit codes: 0 all runs converged without losing inserts their engine should keep, or failed only as\n' +
        'known findings (unsupported runs do not fail); 1 a run failed anew or errored; 64 usage error;\n' +
        '130 interrupted (Ctrl-C): results.json, rewritten as each run ends, holds the finished runs.',
    )
    .action(async (scenarios: string[], options: RunOptions) =>
      setExit(await runCommand(proc, scenarios, options)),
    );

  cli
    .command('merge')
    .description('Combine the shards of one matrix (run --shard i/n) into one results.json and report')
    .argument('<results...>', "every shard's results.json")
    .option('-o, --out <dir>', 'directory for the merged results.json and report.html', 'syncbench-merged')
    .option('--strict', 'known findings of the engines fail the exit code too', false)
    .addHelpText(
      'after',
      '\nExample (three CI jobs, then one that merges and gates):\n' +
        '  syncbench run --scale ci --shard 1/3 --out shard-1   # and 2/3, 3/3 on other machines\n' +
        '  syncbench merge shard-*/results.json -o merged\n' +
        '  syncbench gate --baseline .ci/baseline.json --current merged/results.json\n' +
        '\nThe merged results equal those of the unsharded run. Refused: shards of different configurations\n' +
        '(seed, scale, versions, arguments), a shard given twice or missing, an interrupted shard, a run in two\n' +
        'shards. Exit codes: 0 merged, every run passed or failed only as a known finding; 1 a run failed anew;\n' +
        '64 the shards cannot be merged.',
    )
    .action(async (files: string[], options: MergeOptions) =>
      setExit(await mergeCommand(proc, files, options)),
    );

  cli
    .command('report')
    .description('Render results.json files as an HTML report, a Markdown summary or JSON')
    .argument('<results...>', 'results.json files (several are shown side by side)')
    .option(
      '-o, --out <file>',
      "where to write the report ('-' for stdout); default: syncbench-report.<format>",
    )
    .option('--baseline <file>', 'a results.json to compare with: deltas, regressions and improvements')
    .option('--format <format>', REPORT_FORMATS.join(' | '), 'html')
    .addHelpText(
      'after',
      '\nExamples:\n  syncbench report syncbench-out/results.json -o report.html\n' +
        '  syncbench report new/results.json --baseline main/results.json --format md -o - >> $GITHUB_STEP_SUMMARY\n',
    )
    .action(async (files: string[], options: ReportOptions) =>
      setExit(await reportCommand(proc, files, options)),
    );

  cli
    .command('bench')
    .description(
      "Time each engine's primitives with tinybench and write results.json (statistics under timing.bench)",
    )
    .option(
      '-e, --engines <list>',
      `comma-separated engines; default: every built-in (${ENGINE_NAMES.join(', ')})`,
      parseEngines,
    )
    .option('-s, --seed <n>', 'seed of the workload and of the edits timed', parseSeed, 1)
    .option(
      '--scale <scale>',
      `standard workload: ${SCALES.map((s) => `${s} = ${BENCH_WORKLOADS[s].records} records + ${BENCH_WORKLOADS[s].textChars} characters`).join(', ')}`,
      parseScale,
      'default',
    )
    .option('--records <n>', "records in the workload instead of the scale's", parseCount('--records', 0))
    .option(
      '--text-chars <n>',
      "characters of text in the workload instead of the scale's",
      parseCount('--text-chars', 0),
    )
    .option(
      '--samples <n>',
      `samples of every primitive instead of the defaults (${PRIMITIVES.map((p) => `${p} ${DEFAULT_SAMPLE_PLAN.samples[p]}`).join(', ')})`,
      parseCount('--samples', 2),
    )
    .option('--primitives <list>', `comma-separated subset of: ${PRIMITIVES.join(', ')}`, parseList)
    .option('-o, --out <dir>', 'directory for results.json and report.html', 'syncbench-bench')
    .option('--json', 'print results.json to stdout instead of the table', false)
    .addHelpText(
      'after',
      `\nPrimitives (each on a server and two clients holding the workload, LAN link):\n${PRIMITIVES.map((p) => `  ${p.padEnd(20)} ${PRIMITIVE_DESCRIPTIONS[p]}`).join('\n')}\n` +
        '\nEach primitive takes a fixed number of samples after a fixed warm-up, so every run does the same work.\n' +
        'Statistics per primitive: mean, p50, p99, sd, relative margin of error, samples (ms).\n' +
        '\nExamples:\n  syncbench bench --engines yjs,automerge\n  syncbench bench --scale ci --samples 20 -o bench-main\n' +
        '\nExit codes: 0 every primitive was timed or is unsupported; 1 one errored; 64 usage error.\n',
    )
    .action(async (options: BenchCommandOptions) => setExit(await benchCommand(proc, options)));

  cli
    .command('gate')
    .description('Compare results with a baseline: exit 0 pass, 1 regression, 2 not comparable')
    .requiredOption('-b, --baseline <file>', 'the baseline results.json')
    .option(
      '-c, --current <file>',
      'the results to judge; default: run now what the baseline ran (same scenarios, engines, seed, scale, benchmarks)',
    )
    .option(
      '-t, --thresholds <file>',
      'JSON thresholds per metric and scenario (format: docs/regression-gate.md)',
    )
    .option('--format <format>', `what goes to stdout: ${GATE_FORMATS.join(' | ')}`, 'table')
    .option(
      '--markdown <file>',
      'also write the verdicts as Markdown (for $GITHUB_STEP_SUMMARY or a PR comment)',
    )
    .option('--json <file>', 'also write the verdicts as JSON')
    .option(
      '--github-benchmark <file>',
      "also write the current figures as github-action-benchmark's customSmallerIsBetter JSON",
    )
    .option('--bmf <file>', "also write the current figures in bencher's Bencher Metric Format")
    .option('--all', 'list unchanged figures too', false)
    .option(
      '--timings <warn|fail>',
      "whether timing regressions fail the gate; default warn, or the thresholds file's timing.regressions",
    )
    .option(
      '--update-baseline',
      'then write the current results as the new baseline (atomically; also creates a missing one)',
      false,
    )
    .option('-o, --out <dir>', 'where results of a suite run now go', 'syncbench-out')
    .option(
      '-j, --jobs <n>',
      `runs at once when the gate runs the suite itself, as for syncbench run (default here: ${defaultJobs()})`,
      parseCount('--jobs', 1),
      defaultJobs(),
    )
    .addHelpText(
      'after',
      '\nExact figures (bytes, messages, stored bytes, virtual times) fail on any change beyond their tolerance\n' +
        '(default 0.5 %); converged, checks and run states fail when they go from good to bad. Timings regress\n' +
        "only beyond their noise floor (default 150 %: outside 1/2.5 to 2.5 times the baseline) when Welch's\n" +
        't-test is significant (p < 0.01) and the median moved as well; they warn and do not fail unless\n' +
        'asked to (--timings fail), since wall time varies with the machine.\n' +
        '\nExamples:\n  syncbench gate --baseline main/results.json --current pr/results.json --markdown gate.md\n' +
        '  syncbench gate --baseline .ci/baseline.json --thresholds .ci/gate.json\n' +
        '  syncbench gate --baseline bench-main/results.json --current bench-pr/results.json --bmf bmf.json\n' +
        '\nExit codes: 0 pass; 1 a figure regressed or went missing; 2 not comparable (different scenarios,\n' +
        'seeds, scales, profiles, traces, benchmark workloads or library versions: each is named); 64 usage error.\n',
    )
    .action(async (options: GateOptions) => setExit(await gateCommand(proc, options)));

  cli
    .command('fuzz')
    .description(
      'Fuzz engines with generated edits and fault schedules; shrink a failure to a replayable scenario file',
    )
    .option(
      '-e, --engines <list>',
      `comma-separated engines (built-in or module paths); default: every built-in`,
      parseEngines,
    )
    .option('--runs <n>', 'cases per engine', parseCount('--runs', 1), 100)
    .option('-s, --seed <n>', "fast-check's seed; the same seed generates the same cases", parseSeed, 1)
    .option('--max-ops <n>', 'edits per case at most', parseCount('--max-ops', 1), 20)
    .option(
      '--max-clients <n>',
      'clients per case at most (plus the server)',
      parseCount('--max-clients', 1),
      3,
    )
    .option(
      '--max-faults <n>',
      'faults per case at most (partitions, offline, crashes, link changes)',
      parseCount('--max-faults', 0),
      4,
    )
    .addOption(
      new Option(
        '--max-duration <d>',
        'the latest a step may fall (e.g. 30s, 10m, 3w): most steps fall in the first 10 s, one in six after an idle stretch of 30 s to 3 weeks that fits',
      )
        .argParser(parseWallDuration('--max-duration'))
        .default(DEFAULT_MAX_DURATION_MS, '3m'),
    )
    .option(
      '--faults <list>',
      `fault kinds to generate, comma-separated: ${FAULT_KINDS.join(', ')}; or none (default: all)`,
      parseFaults,
    )
    .option(
      '--edits <list>',
      `edit kinds to generate, comma-separated: ${EDIT_KINDS.join(', ')} (default: all the engine takes; upgrade moves a client to the next schema version)`,
      parseEdits,
    )
    .option(
      '--reliable',
      'the base network neither loses, duplicates, reorders nor resets (faults still happen)',
    )
    .option('--transport <kind>', 'stream | datagram', 'stream')
    .option(
      '--time-limit <s>',
      'stop starting new cases after this many seconds in all (shrinking still finishes)',
      parseCount('--time-limit', 1),
    )
    .option('--path <path>', "fast-check's path of a failure, to re-run exactly that case of this seed")
    .option('-o, --out <dir>', 'where failing cases are written as scenario files', 'syncbench-fuzz')
    .addHelpText(
      'after',
      '\nEach case: 1 to --max-clients clients and a server (or 2 or more peers, for an engine with a mesh), a\n' +
        'network (delay, jitter in every distribution, loss, duplicates, reordering, resets, bandwidth caps), edits\n' +
        '(create, update, delete, text insert, text erase, schema upgrade; one in ten a batch of record edits) and\n' +
        'faults. A case with upgrades declares schema v2 (a field renamed, one added) and v3 (one added). Each case\n' +
        'runs twice through the normal runner and is judged once the replicas have been equal and quiet for 10 s.\n' +
        "Properties: it completes; it converges after the final heal and settles; no insert is lost that the engine's\n" +
        'semantics keep; the history checker finds no duplicate, no phantom, no lost update or delete and no refused\n' +
        'write (docs/fuzzing.md); the journal accounts for every message; both runs give one digest.\n' +
        '\nExamples:\n  syncbench fuzz --engines yjs,reference --runs 500\n  syncbench fuzz --time-limit 3600 --seed $RANDOM   # nightly\n' +
        '  syncbench replay syncbench-fuzz/fuzz-yjs-seed1.json\n' +
        '\nExit codes: 0 no failure; 1 a property failed (the case is written to --out); 64 usage error.\n',
    )
    .action(async (options: FuzzCommandOptions) => {
      if (options.transport !== 'stream' && options.transport !== 'datagram')
        throw new UsageError(`transport must be stream or datagram, got '${options.transport}'`);
      setExit(await fuzzCommand(proc, options));
    });

  cli
    .command('replay')
    .description('Re-run a case the fuzzer wrote, on its engine and seed, and say whether it still fails')
    .argument('<file>', 'a scenario file written by syncbench fuzz')
    .option('-e, --engines <list>', 'engines to run it on instead of the one the file names', parseEngines)
    .option('-s, --seed <n>', 'seed instead of the one the file names', parseSeed)
    .addHelpText(
      'after',
      '\nExit codes: 0 every property holds; 1 the failure happens again; 64 usage error.\n',
    )
    .action(async (file: string, options: ReplayOptions) =>
      setExit(await replayCommand(proc, file, options)),
    );

  cli
    .command('list')
    .description('List what can be run')
    .argument('<topic>', LIST_TOPICS.join(' | '))
    .action(async (topic: string) => setExit(await listCommand(proc, topic)));

  return cli;
}

/** Runs the CLI with `proc.argv`; resolves to the exit code. */
export async function main(proc: CliProcess): Promise<number> {
  let exitCode: number = EXIT.ok;
  try {
    await program(proc, (code) => (exitCode = code)).parseAsync([...proc.argv]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return EXIT.ok; // --help, --version
      return EXIT.usage; // commander already printed its one-line message
    }
    if (error instanceof UsageError) {
      proc.stderr.write(`syncbench: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof CannotCreateError) {
      proc.stderr.write(`syncbench: ${error.message}\n`);
      return EXIT.cannotCreate;
    }
    const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
    proc.stderr.write(
      `syncbench: internal error\n${stack}\n` +
        'This is a bug in syncbench. Please report it with the command line above and the output of `npx syncbench --version`.\n',
    );
    return EXIT.internal;
  }
}
