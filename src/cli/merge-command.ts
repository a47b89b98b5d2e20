/**
 * `syncbench merge <results.json…> -o DIR`: combines the shards of one matrix (`run --shard i/n`)
 * into the results.json and report.html the unsharded run would have written, which `gate` and
 * `report` treat like any other. Exits 1 when a merged run failed anew, as `run` would have.
 */
import { loadResults } from '../../reports/load-results.ts';
import { UsageError } from '../errors.ts';
import { MergeRefused, mergeShards } from '../results/merge-shards.ts';
import { prepareOutDir } from '../results/write-atomic.ts';
import { resolve } from 'node:path';
import type { CliProcess } from './cli-process.ts';
import { reportVerdicts, writeResults } from './run-command.ts';
import { comparisonTable } from './comparison-table.ts';

export interface MergeOptions {
  readonly out: string;
  readonly strict?: boolean;
}

export async function mergeCommand(
  proc: CliProcess,
  files: readonly string[],
  options: MergeOptions,
): Promise<number> {
  const shards = files.map((path) => ({ path, document: loadResults(path, proc.cwd()) }));
  let merged;
  try {
    merged = mergeShards(shards);
  } catch (error) {
    if (error instanceof MergeRefused)
      throw new UsageError(
        `cannot merge: ${error.problems.length === 1 ? error.problems[0] : `${error.problems.length} problems: ${error.problems.join('; ')}`}`,
      );
    throw error;
  }
  await prepareOutDir(resolve(proc.cwd(), options.out), 'the --out directory');
  const { resultsPath, reportPath } = await writeResults(proc, merged, options.out);
  proc.stdout.write(`\n${comparisonTable(merged.runs)}`);
  proc.stderr.write(
    `merged ${shards.length} shards (${merged.runs.length} runs) of ${merged.meta.command}\nresults: ${resultsPath}\nreport: ${reportPath}\n`,
  );
  return reportVerdicts(proc, merged.runs, options.strict ?? false);
}
