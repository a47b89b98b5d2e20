/**
 * `syncbench merge`: the shards of one matrix (`syncbench run --shard i/n`, typically one CI job
 * each) as the single results document the unsharded run would have written. Shards of different
 * configurations, a shard given twice, a missing shard, an interrupted shard and a run in two
 * shards are refused, each naming the files, so a merge never passes off a partial matrix as whole.
 */
import type { ResultsDocument } from './results-document.ts';
import type { RunResult, RunTiming } from '../runner/result.ts';

/** A shard to merge: its document and the file it was read from, for messages. */
export interface ShardFile {
  readonly path: string;
  readonly document: ResultsDocument;
}

/** Why the shards cannot be merged: one line per problem. */
export class MergeRefused extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
  }
}

/** What must be the same in every shard for the runs to belong to one matrix. */
function configurationOf(doc: ResultsDocument): Record<string, unknown> {
  const { meta } = doc;
  return {
    syncbench: doc.tool.version,
    seed: meta.seed,
    scale: meta.scale,
    '--profile': meta.profile ?? null,
    '--compression': meta.compression ?? null,
    '--trace': meta.trace ? { file: meta.trace.file?.split(/[\\/]/).pop(), txns: meta.trace.txns } : null,
    scenarios: meta.scenarios,
    engines: meta.engines,
    'library versions': meta.libraries,
    'shard count': meta.shard?.count ?? null,
  };
}

const pair = (run: { scenario: string; engine: string }): string => `${run.scenario} × ${run.engine}`;

/** The command without its `--shard i/n` (or `--shard=i/n`): the unsharded run's command. */
export function unshardedCommand(command: string): string {
  return command
    .replace(/\s--shard(?:=|\s+)\S+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The one document the shards make; throws `MergeRefused` with every problem found. */
export function mergeShards(shards: readonly ShardFile[]): ResultsDocument {
  const problems: string[] = [];
  if (shards.length === 0) throw new MergeRefused(['no results files to merge']);
  for (const { path, document } of shards)
    if (!document.meta.shard)
      problems.push(
        `${path} is not a shard (it was not run with --shard); merge combines the shards of one matrix`,
      );
  if (problems.length > 0) throw new MergeRefused(problems);
  const [first] = shards as [ShardFile, ...ShardFile[]];
  const reference = configurationOf(first.document);
  for (const shard of shards.slice(1)) {
    const other = configurationOf(shard.document);
    for (const [key, value] of Object.entries(reference))
      if (JSON.stringify(value) !== JSON.stringify(other[key]))
        problems.push(
          `${shard.path} was run with another configuration than ${first.path}: ${key} ${JSON.stringify(other[key])} there, ${JSON.stringify(value)} in ${first.path}`,
        );
  }
  if (problems.length > 0) throw new MergeRefused(problems);
  const count = first.document.meta.shard!.count;
  const byIndex = new Map<number, string>();
  const unique: ShardFile[] = [];
  for (const shard of shards) {
    const { path, document } = shard;
    const index = document.meta.shard!.index;
    const twice = byIndex.get(index);
    if (twice) problems.push(`${twice} and ${path} are both shard ${index}/${count}`);
    else {
      byIndex.set(index, path);
      unique.push(shard);
    }
    if (document.complete === false)
      problems.push(
        `${path} (shard ${index}/${count}) is incomplete: it was interrupted after ${document.runs.length} runs; finish it with the same command and --resume`,
      );
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0)
    problems.push(
      `shard${missing.length === 1 ? '' : 's'} ${missing.map((i) => `${i}/${count}`).join(', ')} missing`,
    );
  const runs = new Map<string, { run: RunResult; path: string }>();
  const timings = new Map<string, RunTiming>();
  for (const { path, document } of unique) {
    for (const run of document.runs) {
      const key = pair(run);
      const earlier = runs.get(key);
      if (earlier) problems.push(`${key} is in both ${earlier.path} and ${path}`);
      else runs.set(key, { run, path });
    }
    for (const timing of document.timing.runs) timings.set(pair(timing), timing);
  }
  const { scenarios, engines } = first.document.meta;
  const matrix = scenarios.flatMap((scenario) => engines.map((engine) => ({ scenario, engine })));
  if (missing.length === 0 && problems.length === 0) {
    const gaps = matrix.filter((m) => !runs.has(pair(m))).map(pair);
    if (gaps.length > 0)
      problems.push(
        `the shards hold no run of ${gaps.join(', ')}: each shard must run with the same arguments`,
      );
  }
  if (problems.length > 0) throw new MergeRefused(problems);
  const ordered = matrix.flatMap((m) => {
    const found = runs.get(pair(m));
    return found ? [found.run] : [];
  });
  const byShard = [...unique].sort((a, b) => a.document.meta.shard!.index - b.document.meta.shard!.index);
  // The header of shard 1: its command is the unsharded one but for --shard.
  const base = byShard[0]!.document;
  const { shard: _shard, ...meta } = base.meta;
  return {
    schemaVersion: base.schemaVersion,
    tool: base.tool,
    meta: { ...meta, command: unshardedCommand(meta.command) },
    runs: ordered,
    complete: true,
    timing: {
      startedAt: byShard.map((s) => s.document.timing.startedAt).sort()[0]!,
      // The shards ran side by side: the matrix took as long as its slowest shard.
      wallMs: Math.max(...shards.map((s) => s.document.timing.wallMs)),
      machine: base.timing.machine,
      runs: matrix.flatMap((m) => {
        const timing = timings.get(pair(m));
        return timing ? [timing] : [];
      }),
      shards: byShard.map((s) => ({
        shard: `${s.document.meta.shard!.index}/${count}`,
        startedAt: s.document.timing.startedAt,
        wallMs: s.document.timing.wallMs,
        machine: s.document.timing.machine,
      })),
    },
  };
}
