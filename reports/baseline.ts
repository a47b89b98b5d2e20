/**
 * Comparison with a baseline results document: per scenario, engine and metric, the change from
 * the baseline's value and whether it is better or worse in the metric's preferred direction.
 * Changes under 1 % count as unchanged.
 */
import type { ResultsDocument } from '../src/results/results-document.ts';
import type { Metric } from './metrics.ts';
import { reportData } from './report-data.ts';

export interface Delta {
  readonly baseline: number;
  readonly current: number;
  /** `incomparable`: the baseline ran another configuration, so the change is neither. */
  readonly verdict: 'better' | 'worse' | 'same' | 'incomparable';
}

export interface Comparison {
  readonly baselineLabel: string;
  /** Why the baseline and these results are not comparable (another seed, scale…); empty when they are. */
  readonly notComparable: readonly string[];
  delta(scenario: string, engine: string, metric: Metric, current: number | null): Delta | undefined;
}

const NOISE = 0.01;

export function comparison(
  baseline: ResultsDocument,
  label: string,
  notComparable: readonly string[] = [],
): Comparison {
  const data = reportData([baseline]);
  return {
    baselineLabel: label,
    notComparable,
    delta(scenario, engine, metric, current) {
      const run = baseline.runs.find((r) => r.scenario === scenario && r.engine === engine);
      if (!run || run.state !== 'completed' || current === null) return undefined;
      const before = metric.value(run, data.timingOf(run));
      if (before === null) return undefined;
      const change = before === 0 ? (current === 0 ? 0 : 1) : (current - before) / Math.abs(before);
      if (Math.abs(change) < NOISE) return { baseline: before, current, verdict: 'same' };
      if (notComparable.length > 0) return { baseline: before, current, verdict: 'incomparable' };
      const improved = metric.better === 'lower' ? current < before : current > before;
      return { baseline: before, current, verdict: improved ? 'better' : 'worse' };
    },
  };
}

/** `+12.5 % (was 1,024)`, or `unchanged`. */
export function deltaText(delta: Delta, metric: Metric): string {
  if (delta.verdict === 'same') return 'unchanged';
  if (delta.baseline === 0) return `was ${metric.format(delta.baseline)}`;
  const pct = ((delta.current - delta.baseline) / Math.abs(delta.baseline)) * 100;
  return `${pct > 0 ? '+' : ''}${pct.toFixed(1)} % (was ${metric.format(delta.baseline)})`;
}
