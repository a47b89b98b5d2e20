/**
 * The current figures in the formats of existing dashboards: github-action-benchmark's
 * `customSmallerIsBetter` JSON and bencher's Bencher Metric Format (BMF). Only figures where
 * smaller is better go out; flags and run states are the gate's business, not a dashboard's.
 */
import type { Figure } from './gate-figures.ts';
import { BENCH_SCENARIO } from './gate-figures.ts';

/** One entry of github-action-benchmark's `customSmallerIsBetter` input. */
export interface ActionBenchmarkEntry {
  readonly name: string;
  readonly unit: string;
  readonly value: number;
  readonly range?: string;
  readonly extra?: string;
}

const smallerIsBetter = (f: Figure): boolean =>
  f.better === 'lower' && (f.kind === 'exact' || f.kind === 'timing');

/** A 95 % margin of error of a timing's mean (normal approximation), or undefined for one sample. */
function marginOfError(f: Figure): number | undefined {
  const s = f.samples;
  if (!s || s.n < 2) return undefined;
  return (1.96 * s.sd) / Math.sqrt(s.n);
}

export function actionBenchmarkJson(figures: readonly Figure[]): ActionBenchmarkEntry[] {
  return figures.filter(smallerIsBetter).map((f) => {
    const moe = marginOfError(f);
    return {
      name: `${f.scenario}/${f.engine}/${f.metric}`,
      unit: f.unit,
      value: f.value,
      ...(moe !== undefined ? { range: `± ${moe.toPrecision(3)}` } : {}),
      ...(f.samples && f.samples.n > 1
        ? { extra: `${f.samples.n} samples, sd ${f.samples.sd.toPrecision(3)} ms` }
        : {}),
    };
  });
}

/** A measure slug bencher accepts: `catchUpMs:full bootstrap` → `catch-up-ms-full-bootstrap`. */
export function measureSlug(metric: string): string {
  return metric
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 64);
}

type BmfMetric = { value: number; lower_value?: number; upper_value?: number };

/**
 * Bencher Metric Format: one benchmark per `scenario/engine`, one measure per metric. Benchmark
 * timings use bencher's built-in `latency` measure (nanoseconds) with the 95 % interval of the mean.
 */
export function bencherMetricFormat(figures: readonly Figure[]): Record<string, Record<string, BmfMetric>> {
  const out: Record<string, Record<string, BmfMetric>> = {};
  for (const f of figures.filter(smallerIsBetter)) {
    const benchmark =
      f.scenario === BENCH_SCENARIO
        ? `${BENCH_SCENARIO}/${f.engine}/${f.metric}`
        : `${f.scenario}/${f.engine}`;
    const measures = (out[benchmark] ??= {});
    const moe = marginOfError(f);
    if (f.scenario === BENCH_SCENARIO) {
      const ns = (ms: number): number => Math.round(ms * 1e6 * 1000) / 1000;
      measures.latency = {
        value: ns(f.value),
        ...(moe !== undefined
          ? { lower_value: ns(Math.max(0, f.value - moe)), upper_value: ns(f.value + moe) }
          : {}),
      };
    } else measures[measureSlug(f.metric)] = { value: f.value };
  }
  return out;
}
