/**
 * Whether two results documents can be compared at all: the same seed, scale, network profile,
 * compression, trace, scenarios, benchmark workload and library versions. Anything else would flag
 * differences that are not regressions, so the gate refuses and says which.
 */
import type { ResultsDocument } from '../results/results-document.ts';

const list = (items: readonly string[]): string => (items.length ? items.join(', ') : 'none');

/** Why `baseline` and `current` are not comparable; empty when they are. */
export function incomparability(baseline: ResultsDocument, current: ResultsDocument): string[] {
  const reasons: string[] = [];
  const [b, c] = [baseline.meta, current.meta];
  const differ = (what: string, x: unknown, y: unknown): void => {
    if (JSON.stringify(x) !== JSON.stringify(y))
      reasons.push(`different ${what}: baseline ${JSON.stringify(x)}, current ${JSON.stringify(y)}`);
  };
  const [kindBase, kindCurrent] = [kindOf(baseline), kindOf(current)];
  if (kindBase !== kindCurrent)
    reasons.push(
      `different kinds of results: the baseline holds ${kindBase}, the current results ${kindCurrent}`,
    );
  for (const [which, meta] of [
    ['baseline holds', b],
    ['current results hold', c],
  ] as const)
    if (meta.shard)
      reasons.push(
        `the ${which} only shard ${meta.shard.index}/${meta.shard.count} of the matrix: merge the shards (syncbench merge) and gate the merged results`,
      );
  differ('seeds', b.seed, c.seed);
  differ('scales', b.scale, c.scale);
  differ('network profiles (--profile)', b.profile, c.profile);
  // Files from before --compression existed ran without it.
  differ('compression (--compression)', b.compression ?? null, c.compression ?? null);
  differ('editing traces (--trace)', traceOf(b.trace), traceOf(c.trace));
  if (baseline.runs.length > 0 && current.runs.length > 0) {
    const [bs, cs] = [
      new Set(baseline.runs.map((r) => r.scenario)),
      new Set(current.runs.map((r) => r.scenario)),
    ];
    const onlyBase = [...bs].filter((s) => !cs.has(s));
    const onlyCurrent = [...cs].filter((s) => !bs.has(s));
    if (onlyBase.length || onlyCurrent.length)
      reasons.push(
        `different scenarios: only in the baseline: ${list(onlyBase)}; only in the current results: ${list(onlyCurrent)}`,
      );
  }
  for (const [engine, version] of Object.entries(b.libraries ?? {})) {
    const now = c.libraries?.[engine];
    if (now !== undefined && now !== version)
      reasons.push(`different library versions: ${engine} ${version} in the baseline, ${now} now`);
  }
  const [bb, cb] = [baseline.timing.bench, current.timing.bench];
  if (bb && cb) {
    differ('benchmark workloads', bb.workload, cb.workload);
    differ('benchmark sample plans (samples and warm-up per primitive)', bb.plan, cb.plan);
  }
  return reasons;
}

/** What a results document holds: the figures of `syncbench run`, of `syncbench bench`, or both. */
function kindOf(doc: ResultsDocument): string {
  const runs = doc.runs.length > 0 ? 'suite runs (syncbench run)' : '';
  const bench = doc.timing.bench ? 'benchmarks (syncbench bench)' : '';
  return [runs, bench].filter(Boolean).join(' and ') || 'nothing (no runs, no benchmarks)';
}

/** A trace compared by its file name, size and kind (not the directory it was read from). */
function traceOf(trace: ResultsDocument['meta']['trace']): unknown {
  if (!trace) return null;
  return { file: trace.file?.split(/[\\/]/).pop() ?? null, txns: trace.txns, kind: trace.kind };
}
