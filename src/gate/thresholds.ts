/**
 * Gate thresholds: how much a figure may change before it counts, globally, per metric and per
 * scenario, read from a small JSON file. Every key is checked, so a typo is a usage error that
 * names it instead of a setting silently ignored.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../errors.ts';
import { didYouMean } from '../scenario/did-you-mean.ts';
import type { Figure } from './gate-figures.ts';
import { metricFamily } from './gate-figures.ts';

/** Settings that can be given for a metric (and, as defaults, for a scenario or the whole file). */
export interface MetricSettings {
  /** Exact figures: a change of at most this many percent is within noise. */
  readonly tolerancePercent?: number;
  /**
   * Timings: a mean within this many percent either way (as a ratio: 100 means from half to twice
   * the baseline) is within noise, significant or not.
   */
  readonly noiseFloorPercent?: number;
  /** Leave the figure out of the gate. */
  readonly ignore?: boolean;
}

export interface Thresholds extends MetricSettings {
  readonly timing?: {
    /** Significance level of Welch's t-test. */
    readonly alpha?: number;
    /** A benchmark whose mean moved by no more than this many ms is within noise (timer-scale figures). */
    readonly minDeltaMs?: number;
    /** A timing with a single sample (a run's wall time) counts only beyond this change, percent… */
    readonly singleSampleNoiseFloorPercent?: number;
    /** …and only when it differs by more than this many ms (short runs vary by more than 2×). */
    readonly singleSampleMinDeltaMs?: number;
    /** `fail`: timing regressions fail the gate; by default (`warn`) they are listed and do not. */
    readonly regressions?: 'fail' | 'warn';
  };
  /** What a figure in the baseline but not in the current results does: fail (default) or warn. */
  readonly missing?: 'fail' | 'warn';
  readonly metrics?: Readonly<Record<string, MetricSettings>>;
  readonly scenarios?: Readonly<
    Record<string, MetricSettings & { readonly metrics?: Readonly<Record<string, MetricSettings>> }>
  >;
}

/** The settings that apply to one figure, all filled in. */
export interface Resolved {
  readonly tolerancePercent: number;
  readonly noiseFloorPercent: number;
  readonly ignore: boolean;
  readonly alpha: number;
  readonly minDeltaMs: number;
  readonly singleSampleNoiseFloorPercent: number;
  readonly singleSampleMinDeltaMs: number;
  readonly timingRegressions: 'fail' | 'warn';
  readonly missing: 'fail' | 'warn';
}

export const DEFAULTS: Resolved = {
  tolerancePercent: 0.5,
  noiseFloorPercent: 150,
  ignore: false,
  alpha: 0.01,
  minDeltaMs: 0.05,
  singleSampleNoiseFloorPercent: 100,
  singleSampleMinDeltaMs: 1000,
  // Timings vary with the machine and its load (a CI runner's wall time doubles without a code change):
  // they warn unless asked to gate them (`timing.regressions: 'fail'`, or `gate --timings fail`).
  timingRegressions: 'warn',
  missing: 'fail',
};

/** The settings for `metric` of `scenario`: scenario × metric, then scenario, then metric, then file-wide. */
export function resolveThresholds(t: Thresholds, scenario: string, metric: string): Resolved {
  const family = metricFamily(metric);
  const s = t.scenarios?.[scenario];
  const layers: (MetricSettings | undefined)[] = [
    t,
    t.metrics?.[family],
    t.metrics?.[metric],
    s,
    s?.metrics?.[family],
    s?.metrics?.[metric],
  ];
  let tolerancePercent = DEFAULTS.tolerancePercent;
  let noiseFloorPercent = DEFAULTS.noiseFloorPercent;
  let ignore = false;
  for (const layer of layers) {
    if (!layer) continue;
    tolerancePercent = layer.tolerancePercent ?? tolerancePercent;
    noiseFloorPercent = layer.noiseFloorPercent ?? noiseFloorPercent;
    ignore = layer.ignore ?? ignore;
  }
  return {
    tolerancePercent,
    noiseFloorPercent,
    ignore,
    alpha: t.timing?.alpha ?? DEFAULTS.alpha,
    minDeltaMs: t.timing?.minDeltaMs ?? DEFAULTS.minDeltaMs,
    singleSampleNoiseFloorPercent:
      t.timing?.singleSampleNoiseFloorPercent ?? DEFAULTS.singleSampleNoiseFloorPercent,
    singleSampleMinDeltaMs: t.timing?.singleSampleMinDeltaMs ?? DEFAULTS.singleSampleMinDeltaMs,
    timingRegressions: t.timing?.regressions ?? DEFAULTS.timingRegressions,
    missing: t.missing ?? DEFAULTS.missing,
  };
}

/** Reads and checks a thresholds file; any problem is a one-line usage error naming the file and key. */
export function loadThresholds(path: string, cwd: string): Thresholds {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, path), 'utf8');
  } catch {
    throw new UsageError(`thresholds file ${path} cannot be read (does it exist?)`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`thresholds file ${path} is not JSON: ${(error as Error).message}`);
  }
  return parseThresholds(value, path);
}

const SETTING_KEYS = ['tolerancePercent', 'noiseFloorPercent', 'ignore'];

/** Checks a parsed thresholds object. */
export function parseThresholds(value: unknown, source: string): Thresholds {
  const fail = (path: string, problem: string): never => {
    throw new UsageError(`thresholds file ${source}: ${path} ${problem}`);
  };
  /** An object whose keys are among `keys` (any keys when null: a map of names). */
  const object = (v: unknown, path: string, keys: readonly string[] | null): Record<string, unknown> => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail(path, 'must be an object');
    const record = v as Record<string, unknown>;
    for (const key of Object.keys(record))
      if (keys && !keys.includes(key))
        fail(`${path}.${key}`, `is not a setting${didYouMean(key, keys)} (valid: ${keys.join(', ')})`);
    return record;
  };
  const percent = (v: unknown, path: string): void => {
    if (v !== undefined && (typeof v !== 'number' || !(v >= 0)))
      fail(path, 'must be a number of percent, 0 or more');
  };
  const settings = (v: Record<string, unknown>, path: string): void => {
    percent(v.tolerancePercent, `${path}.tolerancePercent`);
    percent(v.noiseFloorPercent, `${path}.noiseFloorPercent`);
    if (v.ignore !== undefined && typeof v.ignore !== 'boolean')
      fail(`${path}.ignore`, 'must be true or false');
  };
  const metricMap = (v: unknown, path: string): void => {
    if (v === undefined) return;
    for (const [name, entry] of Object.entries(object(v, path, null)))
      settings(object(entry, `${path}.${name}`, SETTING_KEYS), `${path}.${name}`);
  };
  const root = object(value, '(top level)', [
    ...SETTING_KEYS,
    'timing',
    'missing',
    'metrics',
    'scenarios',
    '$schema',
    'comment',
  ]);
  settings(root, '(top level)');
  if (root.timing !== undefined) {
    const timing = object(root.timing, 'timing', [
      'alpha',
      'minDeltaMs',
      'singleSampleNoiseFloorPercent',
      'singleSampleMinDeltaMs',
      'regressions',
    ]);
    if (
      timing.alpha !== undefined &&
      (typeof timing.alpha !== 'number' || !(timing.alpha > 0 && timing.alpha < 1))
    )
      fail('timing.alpha', 'must be a number between 0 and 1');
    percent(timing.singleSampleNoiseFloorPercent, 'timing.singleSampleNoiseFloorPercent');
    for (const key of ['minDeltaMs', 'singleSampleMinDeltaMs'] as const) {
      const ms = timing[key];
      if (ms !== undefined && (typeof ms !== 'number' || !(ms >= 0)))
        fail(`timing.${key}`, 'must be a number of ms, 0 or more');
    }
    if (timing.regressions !== undefined && timing.regressions !== 'fail' && timing.regressions !== 'warn')
      fail('timing.regressions', "must be 'fail' or 'warn'");
  }
  if (root.missing !== undefined && root.missing !== 'fail' && root.missing !== 'warn')
    fail('missing', "must be 'fail' or 'warn'");
  metricMap(root.metrics, 'metrics');
  if (root.scenarios !== undefined) {
    for (const [name, entry] of Object.entries(object(root.scenarios, 'scenarios', null))) {
      const scenario = object(entry, `scenarios.${name}`, [...SETTING_KEYS, 'metrics']);
      settings(scenario, `scenarios.${name}`);
      metricMap(scenario.metrics, `scenarios.${name}.metrics`);
    }
  }
  return value as Thresholds;
}

/**
 * The scenario and metric names of a thresholds file that match none of `figures`, each with the
 * closest name that does: a misspelt name would otherwise apply to nothing, silently.
 */
export function unmatchedNames(t: Thresholds, figures: readonly Figure[]): string[] {
  const scenarios = [...new Set(figures.map((f) => f.scenario))];
  const metrics = [...new Set(figures.flatMap((f) => [f.metric, metricFamily(f.metric)]))];
  const unmatched: string[] = [];
  const check = (names: object | undefined, path: string, known: readonly string[], what: string): void => {
    for (const name of Object.keys(names ?? {}))
      if (!known.includes(name))
        unmatched.push(`${path}.${name} names no ${what} in these results${didYouMean(name, known)}`);
  };
  check(t.metrics, 'metrics', metrics, 'metric');
  check(t.scenarios, 'scenarios', scenarios, 'scenario');
  for (const [name, scenario] of Object.entries(t.scenarios ?? {}))
    check(scenario.metrics, `scenarios.${name}.metrics`, metrics, 'metric');
  return unmatched;
}
