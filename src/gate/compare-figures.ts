/**
 * The gate's verdicts: each figure of the baseline and the current results compared in its own
 * way. Exact figures fail on any change beyond their tolerance in the wrong direction; flags and
 * run states fail when they go from good to bad; timings fail only when the change is beyond the
 * noise floor and Welch's t-test says it is significant.
 */
import type { Figure } from './gate-figures.ts';
import type { Resolved, Thresholds } from './thresholds.ts';
import { resolveThresholds } from './thresholds.ts';
import { welchTest } from './welch.ts';

export const VERDICTS = ['regressed', 'missing', 'improved', 'new', 'within noise', 'unchanged'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface FigureVerdict {
  readonly id: string;
  readonly scenario: string;
  readonly engine: string;
  readonly metric: string;
  readonly kind: Figure['kind'];
  readonly unit: string;
  readonly better: Figure['better'];
  readonly baseline: number | null;
  readonly current: number | null;
  /** Relative change from the baseline, percent; null when there is no baseline value or it is 0. */
  readonly changePercent: number | null;
  readonly verdict: Verdict;
  /** Whether the verdict fails the gate (a regression, or a missing figure, unless set to warn). */
  readonly fails: boolean;
  /** How the verdict was reached: the tolerance, or the test and its p-value. */
  readonly why: string;
}

export interface Verdicts {
  readonly figures: readonly FigureVerdict[];
  readonly counts: Readonly<Record<Verdict, number>>;
  /** Figures left out by `ignore` in the thresholds. */
  readonly ignored: number;
  readonly failed: boolean;
}

type Judged = Pick<FigureVerdict, 'verdict' | 'why'>;

const pct = (n: number): string => `${Math.round(n * 100) / 100} %`;

function judgeExact(base: Figure, cur: Figure, t: Resolved, change: number | null): Judged {
  if (base.value === cur.value) return { verdict: 'unchanged', why: 'identical' };
  const worse = base.better === 'lower' ? cur.value > base.value : cur.value < base.value;
  if (base.kind !== 'exact')
    return { verdict: worse ? 'regressed' : 'improved', why: 'went from good to bad or back' };
  if (change !== null && Math.abs(change) <= t.tolerancePercent)
    return { verdict: 'within noise', why: `within the ${pct(t.tolerancePercent)} tolerance` };
  return {
    verdict: worse ? 'regressed' : 'improved',
    why: `beyond the ${pct(t.tolerancePercent)} tolerance`,
  };
}

/**
 * Whether a timing moved by no more than `floorPercent` either way, as a ratio: with a 100 %
 * floor, anything from half to twice the baseline is within it (slower and faster alike).
 */
function withinFloor(before: number, after: number, floorPercent: number): boolean {
  if (before <= 0 || after <= 0) return before === after;
  return Math.abs(Math.log(after / before)) <= Math.log(1 + floorPercent / 100);
}

function judgeTiming(base: Figure, cur: Figure, t: Resolved): Judged {
  if (base.value === cur.value) return { verdict: 'unchanged', why: 'identical' };
  const [a, b] = [base.samples, cur.samples];
  const direction: Verdict = cur.value > base.value ? 'regressed' : 'improved';
  if (!a || !b || a.n < 2 || b.n < 2) {
    const [floor, minMs] = [t.singleSampleNoiseFloorPercent, t.singleSampleMinDeltaMs];
    if (Math.abs(cur.value - base.value) <= minMs)
      return { verdict: 'within noise', why: `one sample: within ${minMs} ms` };
    if (withinFloor(base.value, cur.value, floor))
      return { verdict: 'within noise', why: `one sample: within the ${pct(floor)} floor` };
    return { verdict: direction, why: `one sample: beyond the ${pct(floor)} floor and ${minMs} ms` };
  }
  const floor = t.noiseFloorPercent;
  const test = welchTest(b, a);
  const p = test ? `p = ${test.p < 0.0001 ? test.p.toExponential(1) : test.p.toFixed(4)}` : 'untested';
  if (Math.abs(b.mean - a.mean) <= t.minDeltaMs)
    return { verdict: 'within noise', why: `within ${t.minDeltaMs} ms (${p})` };
  if (withinFloor(a.mean, b.mean, floor))
    return { verdict: 'within noise', why: `within the ${pct(floor)} floor (${p})` };
  if (!test || test.p >= t.alpha)
    return { verdict: 'within noise', why: `not significant (${p} ≥ ${t.alpha})` };
  if (a.median !== undefined && b.median !== undefined && withinFloor(a.median, b.median, floor)) {
    const moved = ((b.median - a.median) / a.median) * 100;
    return { verdict: 'within noise', why: `the mean moved, the median only ${moved.toFixed(1)} % (${p})` };
  }
  return { verdict: direction, why: `beyond the ${pct(floor)} floor, ${p} < ${t.alpha}` };
}

function judge(base: Figure, cur: Figure, t: Resolved): FigureVerdict {
  const change =
    base.value === 0 ? (cur.value === 0 ? 0 : null) : ((cur.value - base.value) / Math.abs(base.value)) * 100;
  const judged = base.kind === 'timing' ? judgeTiming(base, cur, t) : judgeExact(base, cur, t, change);
  const fails = judged.verdict === 'regressed' && !(base.kind === 'timing' && t.timingRegressions === 'warn');
  return {
    ...describe(cur),
    baseline: base.value,
    current: cur.value,
    changePercent: change,
    ...judged,
    fails,
  };
}

function describe(
  f: Figure,
): Pick<FigureVerdict, 'id' | 'scenario' | 'engine' | 'metric' | 'kind' | 'unit' | 'better'> {
  return {
    id: f.id,
    scenario: f.scenario,
    engine: f.engine,
    metric: f.metric,
    kind: f.kind,
    unit: f.unit,
    better: f.better,
  };
}

/** Compares every figure of `baseline` with `current` under `thresholds`. */
export function compareFigures(
  baseline: readonly Figure[],
  current: readonly Figure[],
  thresholds: Thresholds,
): Verdicts {
  const now = new Map(current.map((f) => [f.id, f]));
  const before = new Set(baseline.map((f) => f.id));
  const figures: FigureVerdict[] = [];
  let ignored = 0;
  for (const base of baseline) {
    const t = resolveThresholds(thresholds, base.scenario, base.metric);
    if (t.ignore) {
      ignored++;
      continue;
    }
    const cur = now.get(base.id);
    if (cur) figures.push(judge(base, cur, t));
    else
      figures.push({
        ...describe(base),
        baseline: base.value,
        current: null,
        changePercent: null,
        verdict: 'missing',
        fails: t.missing === 'fail',
        why: 'in the baseline, not in the current results',
      });
  }
  for (const cur of current) {
    if (before.has(cur.id)) continue;
    if (resolveThresholds(thresholds, cur.scenario, cur.metric).ignore) {
      ignored++;
      continue;
    }
    figures.push({
      ...describe(cur),
      baseline: null,
      current: cur.value,
      changePercent: null,
      verdict: 'new',
      fails: false,
      why: 'not in the baseline',
    });
  }
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const f of figures) counts[f.verdict]++;
  return { figures, counts, ignored, failed: figures.some((f) => f.fails) };
}
