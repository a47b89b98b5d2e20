/**
 * The figures the gate compares, read from a results document. Each has a key that is stable
 * across runs (`scenario × engine · metric`), a direction, and a kind that decides how it is
 * compared: `exact` simulated figures (identical for a seed) tightly, `flag`s (converged, a
 * check passed) must not go from true to false, `timing`s statistically.
 */
import type { ResultsDocument } from '../results/results-document.ts';
import type { CompletedRun, RunResult, RunTiming } from '../runner/result.ts';

export type FigureKind = 'exact' | 'flag' | 'state' | 'timing';

/** Samples behind a timing figure: several for a benchmark, one for a run's wall time. */
export interface TimingSamples {
  readonly mean: number;
  readonly sd: number;
  readonly n: number;
  /** The median, where known: a change must show in it too, not just in a mean an outlier moved. */
  readonly median?: number;
}

export interface Figure {
  /** `scenario × engine · metric`; benchmarks use the scenario name `bench`. */
  readonly id: string;
  readonly scenario: string;
  readonly engine: string;
  /** The metric's key, e.g. `wireBytes`, `catchUpMs:full bootstrap`, `apply-local-op`. */
  readonly metric: string;
  readonly kind: FigureKind;
  readonly better: 'lower' | 'higher';
  readonly unit: string;
  /** The value; for a `state` figure its index in `RUN_STATES` (higher is better). */
  readonly value: number;
  readonly samples?: TimingSamples;
}

/** A run's state as a figure: a run that stops completing regressed. */
export const RUN_STATES = ['errored', 'unsupported', 'completed'] as const;

/** The scenario name benchmark figures are filed under. */
export const BENCH_SCENARIO = 'bench';

export function figureId(scenario: string, engine: string, metric: string): string {
  return `${scenario} × ${engine} · ${metric}`;
}

type Draft = Omit<Figure, 'id' | 'scenario' | 'engine'>;

/** An exact figure; absent when the run has no such value (null), or a results file written before it existed (undefined). */
const exact = (metric: string, value: number | null | undefined, unit: string): Draft | undefined =>
  value === null || value === undefined ? undefined : { metric, kind: 'exact', better: 'lower', unit, value };

const flag = (metric: string, value: boolean): Draft => ({
  metric,
  kind: 'flag',
  better: 'higher',
  unit: 'bool',
  value: value ? 1 : 0,
});

const single = (metric: string, ms: number): Draft => ({
  metric,
  kind: 'timing',
  better: 'lower',
  unit: 'ms',
  value: ms,
  samples: { mean: ms, sd: 0, n: 1 },
});

const sum = (values: readonly number[]): number => values.reduce((n, v) => n + v, 0);

/** The figures of one completed run. */
function completedFigures(run: CompletedRun): (Draft | undefined)[] {
  const stored = (role: string): number =>
    sum(run.replicas.filter((r) => r.role === role).map((r) => r.storedBytes));
  const figures: (Draft | undefined)[] = [
    flag('converged', run.converged),
    exact('convergenceMs', run.convergenceMs, 'virtual ms'),
    exact('lostInserts', run.lostInserts, 'inserts'),
    exact('wireBytes', run.wire.bytes, 'bytes'),
    exact('wireMessages', run.wire.messages, 'messages'),
    exact('framedBytes', run.wire.framedBytes, 'bytes'),
    exact('ipBytes', run.wire.ipBytes, 'bytes'),
    exact('bytesPerOp', run.bytesPerOp, 'bytes'),
    exact('storedBytes', sum(run.replicas.map((r) => r.storedBytes)), 'bytes'),
    exact('serverStoredBytes', run.storage.server.replicas > 0 ? stored('server') : null, 'bytes'),
    exact('clientStoredBytes', run.storage.clients.replicas > 0 ? stored('client') : null, 'bytes'),
    exact(
      'metadataOverhead',
      (run.storage.clients.replicas > 0 ? run.storage.clients : run.storage.peers).metadataOverhead,
      'ratio',
    ),
    exact('visibilityP50Ms', run.visibilityMs.p50Ms, 'virtual ms'),
    exact('visibilityP99Ms', run.visibilityMs.p99Ms, 'virtual ms'),
    exact('errors', run.errors.length, 'errors'),
  ];
  for (const check of run.checks) figures.push(flag(`check:${check.name}`, check.passed));
  for (const c of run.catchUps) {
    figures.push(flag(`caughtUp:${c.name}`, c.state === 'caught-up'));
    if (c.state !== 'caught-up') continue;
    figures.push(exact(`catchUpMs:${c.name}`, c.ms, 'virtual ms'));
    figures.push(exact(`catchUpBytesIn:${c.name}`, c.bytesIn, 'bytes'));
    figures.push(exact(`catchUpFramedBytesIn:${c.name}`, c.framedBytesIn, 'bytes'));
  }
  return figures;
}

function runFigures(run: RunResult, timing: RunTiming | undefined): Draft[] {
  const figures: (Draft | undefined)[] = [
    { metric: 'state', kind: 'state', better: 'higher', unit: 'state', value: RUN_STATES.indexOf(run.state) },
  ];
  if (run.state === 'completed') {
    figures.push(...completedFigures(run));
    if (timing) figures.push(single('wallMs', timing.wallMs), single('engineMs', timing.engineMs));
  }
  return figures.filter((f): f is Draft => f !== undefined);
}

/** Every figure of a results document, in a stable order. */
export function figuresOf(doc: ResultsDocument): Figure[] {
  const figures: Figure[] = [];
  const add = (scenario: string, engine: string, draft: Draft): void => {
    figures.push({ id: figureId(scenario, engine, draft.metric), scenario, engine, ...draft });
  };
  for (const run of doc.runs) {
    const timing = doc.timing.runs.find((t) => t.scenario === run.scenario && t.engine === run.engine);
    for (const draft of runFigures(run, timing)) add(run.scenario, run.engine, draft);
  }
  for (const task of doc.timing.bench?.tasks ?? []) {
    if (task.state !== 'measured') continue;
    const { meanMs, sdMs, samples, p50Ms } = task.stats;
    add(BENCH_SCENARIO, task.engine, {
      metric: task.primitive,
      kind: 'timing',
      better: 'lower',
      unit: 'ms',
      value: meanMs,
      samples: { mean: meanMs, sd: sdMs, n: samples, median: p50Ms },
    });
  }
  return figures;
}

/** The family of a metric key, which thresholds can name for all its members: `catchUpMs:x` → `catchUpMs`. */
export function metricFamily(metric: string): string {
  const colon = metric.indexOf(':');
  return colon < 0 ? metric : metric.slice(0, colon);
}

/** How a figure's value reads: states by name, flags as yes/no, numbers with separators. */
export function formatValue(figure: Pick<Figure, 'kind' | 'unit' | 'value'>): string {
  if (figure.kind === 'state') return RUN_STATES[figure.value] ?? String(figure.value);
  if (figure.kind === 'flag') return figure.value === 1 ? 'yes' : 'no';
  if (figure.unit === 'ms' || figure.unit === 'ratio') return trimmed(figure.value, figure.unit);
  return Math.round(figure.value).toLocaleString('en-US');
}

function trimmed(value: number, unit: string): string {
  const digits = value >= 100 ? 1 : value >= 1 ? 3 : 4;
  return `${value.toLocaleString('en-US', { maximumFractionDigits: digits })}${unit === 'ms' ? ' ms' : ''}`;
}
