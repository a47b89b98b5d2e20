/**
 * Chart builders: pure functions from a scenario's runs to chart.js configurations, each with the
 * same numbers as a table (for reading, copying and screen readers). No DOM, no chart.js import:
 * the page hands these configs to chart.js as they are.
 */
import type { CompletedRun } from '../src/runner/result.ts';
import { engineColour, withAlpha } from './engine-colours.ts';
import { durationUnit, readableDuration } from '../src/readable.ts';

export interface ChartSpec {
  readonly id: string;
  readonly title: string;
  readonly config: {
    readonly type: 'line' | 'bar';
    readonly data: { readonly labels?: readonly string[]; readonly datasets: readonly Dataset[] };
    readonly options: Record<string, unknown>;
  };
  readonly table: {
    readonly columns: readonly string[];
    readonly rows: readonly (readonly (string | number)[])[];
  };
}

interface Dataset {
  readonly label: string;
  readonly data: readonly (number | null | { readonly x: number; readonly y: number })[];
  readonly backgroundColor?: string | readonly string[];
  readonly borderColor?: string | readonly string[];
  readonly borderWidth?: number;
  readonly stack?: string;
}

/** Every chart: drawn at once (no animation) to the size of its container. */
export const FIXED_SIZE = { animation: false, responsive: true, maintainAspectRatio: false } as const;

/** Beyond this ratio between the largest and smallest figure, a value axis is logarithmic. */
export const LOG_RANGE = 20;

/** What a value axis counts; the page formats its ticks by it (`12 MB`, `2.5 min`). */
export type AxisUnit = 'bytes' | 'ms' | 'count';

/**
 * A value axis: logarithmic when `figures` (each line's or bar's size) span more than 20×, so the
 * small engines are not flat lines under the large one; linear from zero otherwise. The page has
 * a toggle between the two and formats ticks in `unit`.
 */
export function valueAxis(
  title: string,
  unit: AxisUnit,
  figures: readonly (number | null | undefined)[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const positive = figures.filter((v): v is number => typeof v === 'number' && v > 0);
  const log = positive.length > 1 && Math.max(...positive) / Math.min(...positive) > LOG_RANGE;
  return {
    type: log ? 'logarithmic' : 'linear',
    ...(log ? {} : { beginAtZero: true }),
    title: { display: true, text: log ? `${title} (log scale)` : title },
    syncbenchAxis: { title, unit },
    ...extra,
  };
}

/** The unit simulated time is shown in for `runs`: the one their longest run fills (s, min, h, d). */
export function timeScale(runs: readonly CompletedRun[]): { unit: string; at: (ms: number) => number } {
  const { unit, size } = durationUnit(Math.max(0, ...runs.map((r) => r.endMs)));
  return { unit, at: (ms) => Math.round((ms / size) * 1000) / 1000 };
}

/** Fault periods as shaded bands (the page's `faultBands` plugin draws them), in the time scale's unit. */
export function faultBands(runs: readonly CompletedRun[]): { from: number; to: number; label: string }[] {
  const { at } = timeScale(runs);
  return (runs[0]?.faults ?? []).map((f) => ({
    from: at(f.fromMs),
    to: at(f.toMs),
    label: `${f.kind} ${f.replicas.join(', ')}`,
  }));
}

const timeAxes = (
  yTitle: string,
  runs: readonly CompletedRun[],
  lineSizes: readonly number[],
): Record<string, unknown> => ({
  ...FIXED_SIZE,
  plugins: { faultBands: { bands: faultBands(runs) } },
  scales: {
    x: { type: 'linear', title: { display: true, text: `simulated time (${timeScale(runs).unit})` } },
    y: valueAxis(yTitle, 'bytes', lineSizes),
  },
});

/** An engine's line or bars: its own colour in every chart. */
const engineStyle = (engine: string): { borderColor: string; backgroundColor: string } => ({
  borderColor: engineColour(engine),
  backgroundColor: engineColour(engine),
});

/** Cumulative payload bytes over simulated time, one line per engine (the sample steps, then the end of the run). */
export function wireOverTime(scenario: string, runs: readonly CompletedRun[]): ChartSpec | undefined {
  if (!runs.some((r) => r.series.length > 1)) return undefined;
  const { unit, at } = timeScale(runs);
  return {
    id: `${scenario}-wire`,
    title: 'Cumulative payload bytes over simulated time',
    config: {
      type: 'line',
      data: {
        datasets: runs.map((r) => ({
          label: r.engine,
          data: [
            ...r.series.map((s) => ({ x: at(s.atMs), y: s.wireBytes })),
            { x: at(r.endMs), y: r.wire.bytes },
          ],
          ...engineStyle(r.engine),
        })),
      },
      options: timeAxes(
        'bytes sent',
        runs,
        runs.map((r) => r.wire.bytes),
      ),
    },
    table: {
      columns: ['engine', `simulated ${unit}`, 'phase', 'wire bytes so far'],
      rows: runs.flatMap((r) => [
        ...r.series.map((s) => [r.engine, at(s.atMs), s.phase, s.wireBytes]),
        [r.engine, at(r.endMs), 'end of run', r.wire.bytes],
      ]),
    },
  };
}

/** Stored bytes of all replicas together over simulated time, one line per engine. */
export function storedOverTime(scenario: string, runs: readonly CompletedRun[]): ChartSpec | undefined {
  if (!runs.some((r) => r.series.length > 1)) return undefined;
  const total = (s: CompletedRun['series'][number], key: 'storedBytes' | 'payloadBytes'): number =>
    Object.values(s.replicas).reduce((n, r) => n + r[key], 0);
  const { unit, at } = timeScale(runs);
  return {
    id: `${scenario}-stored`,
    title: 'Stored bytes of all replicas over simulated time',
    config: {
      type: 'line',
      data: {
        datasets: runs.map((r) => ({
          label: r.engine,
          data: r.series.map((s) => ({ x: at(s.atMs), y: total(s, 'storedBytes') })),
          ...engineStyle(r.engine),
        })),
      },
      options: timeAxes(
        'stored bytes',
        runs,
        runs.map((r) => Math.max(0, ...r.series.map((s) => total(s, 'storedBytes')))),
      ),
    },
    table: {
      columns: ['engine', `simulated ${unit}`, 'stored bytes', 'payload bytes', 'overhead'],
      rows: runs.flatMap((r) =>
        r.series.map((s) => {
          const [stored, payload] = [total(s, 'storedBytes'), total(s, 'payloadBytes')];
          return [r.engine, at(s.atMs), stored, payload, payload === 0 ? '–' : (stored / payload).toFixed(2)];
        }),
      ),
    },
  };
}

/**
 * Grouped bars: one group per part (a layer, a phase, a percentile), one bar per engine in its own
 * colour, so engines compare side by side within each part; the same numbers as a table.
 */
function barsByPart(
  id: string,
  title: string,
  runs: readonly CompletedRun[],
  parts: readonly (readonly [string, (r: CompletedRun) => number | null])[],
  axis: { readonly title: string; readonly unit: AxisUnit },
  table: ChartSpec['table'],
): ChartSpec {
  const values = runs.map((r) => parts.map(([, value]) => value(r)));
  return {
    id,
    title,
    config: {
      type: 'bar',
      data: {
        labels: parts.map(([label]) => label),
        datasets: runs.map((r, i) => ({ label: r.engine, data: values[i] ?? [], ...engineStyle(r.engine) })),
      },
      options: { ...FIXED_SIZE, scales: { y: valueAxis(axis.title, axis.unit, values.flat()) } },
    },
    table,
  };
}

/**
 * What each engine's traffic costs at each layer, side by side: the library's payload, what the
 * socket carries (plus WebSocket frames, HTTP heads, handshakes, pings; less, where compression
 * is on), and what the network carries with TLS, TCP and IP (an estimate).
 */
export function bytesByLayer(scenario: string, runs: readonly CompletedRun[]): ChartSpec | undefined {
  if (runs.length === 0) return undefined;
  return barsByPart(
    `${scenario}-layers`,
    'Bytes by layer: payload, on the socket, on the network',
    runs,
    [
      ['payload', (r) => r.wire.bytes],
      ['framed (socket)', (r) => r.wire.framedBytes],
      ['TLS, TCP, IP (estimate)', (r) => r.wire.ipBytes],
    ],
    { title: 'bytes', unit: 'bytes' },
    {
      columns: ['engine', 'payload bytes', 'framed bytes (socket)', 'IP bytes (estimate)'],
      rows: runs.map((r) => [r.engine, r.wire.bytes, r.wire.framedBytes, r.wire.ipBytes]),
    },
  );
}

/** Payload bytes per timeline phase, engines side by side in each phase. */
export function bytesPerPhase(scenario: string, runs: readonly CompletedRun[]): ChartSpec | undefined {
  if (runs.length === 0) return undefined;
  const phases = [
    ...new Set(runs.flatMap((r) => r.wire.phases.filter((p) => p.bytes > 0).map((p) => p.phase))),
  ];
  const bytesIn = (r: CompletedRun, phase: string): number =>
    r.wire.phases.find((p) => p.phase === phase)?.bytes ?? 0;
  return barsByPart(
    `${scenario}-phases`,
    'Payload bytes per phase',
    runs,
    phases.map((phase) => [phase, (r: CompletedRun) => bytesIn(r, phase)] as const),
    { title: 'bytes', unit: 'bytes' },
    {
      columns: ['engine', ...phases],
      rows: runs.map((r) => [r.engine, ...phases.map((p) => bytesIn(r, p))]),
    },
  );
}

/** Visibility latency percentiles, engines side by side in each. */
export function visibility(scenario: string, runs: readonly CompletedRun[]): ChartSpec | undefined {
  const measured = runs.filter((r) => r.visibilityMs.samples > 0);
  if (measured.length === 0) return undefined;
  const keys = [
    ['p50', 'p50Ms'],
    ['p95', 'p95Ms'],
    ['p99', 'p99Ms'],
    ['max', 'maxMs'],
  ] as const;
  const readable = (ms: number | null): string => (ms === null ? '–' : readableDuration(ms));
  return barsByPart(
    `${scenario}-visibility`,
    'Visibility latency (local op → readable everywhere)',
    measured,
    keys.map(([label, key]) => [label, (r: CompletedRun) => r.visibilityMs[key]] as const),
    { title: 'latency', unit: 'ms' },
    {
      columns: ['engine', 'p50', 'p95', 'p99', 'max', 'samples'],
      rows: measured.map((r) => [
        r.engine,
        ...keys.map(([, key]) => readable(r.visibilityMs[key])),
        r.visibilityMs.samples,
      ]),
    },
  );
}

const BUCKET_LABELS: Readonly<Record<string, string>> = {
  '10': '≤ 10 ms',
  '100': '≤ 100 ms',
  '1000': '≤ 1 s',
  '10000': '≤ 10 s',
  '60000': '≤ 1 min',
  '600000': '≤ 10 min',
  '3600000': '≤ 1 h',
  '86400000': '≤ 1 day',
  null: '> 1 day',
};

/** How visibility latencies are distributed: probes per latency bucket, one bar series per engine. */
export function visibilityDistribution(
  scenario: string,
  runs: readonly CompletedRun[],
): ChartSpec | undefined {
  const measured = runs.filter((r) => r.visibilityMs.samples > 0 && r.visibilityMs.histogram);
  const buckets = measured[0]?.visibilityMs.histogram ?? [];
  if (measured.length === 0 || buckets.length === 0) return undefined;
  const labels = buckets.map((b) => BUCKET_LABELS[String(b.upToMs)] ?? `≤ ${b.upToMs} ms`);
  return {
    id: `${scenario}-visibility-distribution`,
    title: 'Visibility latency distribution (probes per bucket)',
    config: {
      type: 'bar',
      data: {
        labels,
        datasets: measured.map((r) => ({
          label: r.engine,
          data: r.visibilityMs.histogram.map((b) => b.count),
          ...engineStyle(r.engine),
        })),
      },
      options: {
        ...FIXED_SIZE,
        scales: {
          y: {
            beginAtZero: true,
            title: { display: true, text: 'probes' },
            syncbenchAxis: { title: 'probes', unit: 'count' },
          },
        },
      },
    },
    table: {
      columns: ['engine', ...labels],
      rows: measured.map((r) => [r.engine, ...r.visibilityMs.histogram.map((b) => b.count)]),
    },
  };
}

/** Bytes each catch-up (bootstrap, reconnect) received, against the payload it ended with (the lower bound). */
export function catchUpBytes(scenario: string, runs: readonly CompletedRun[]): ChartSpec | undefined {
  const rows = runs.flatMap((r) =>
    r.catchUps.flatMap((c) => {
      if (c.state !== 'caught-up') return [];
      const payload = r.replicas.find((x) => x.id === c.replica)?.payloadBytes ?? 0;
      return [{ engine: r.engine, name: c.name, bytesIn: c.bytesIn, payload, ms: c.ms }];
    }),
  );
  if (rows.length === 0) return undefined;
  const labels = rows.map((x) => `${x.engine}: ${x.name}`);
  return {
    id: `${scenario}-catch-ups`,
    title: 'Catch-up bytes received vs the payload the replica ended with',
    config: {
      type: 'bar',
      data: {
        labels,
        datasets: [
          {
            label: 'bytes received',
            data: rows.map((x) => x.bytesIn),
            backgroundColor: rows.map((x) => engineColour(x.engine)),
            borderColor: rows.map((x) => engineColour(x.engine)),
          },
          {
            label: 'payload (lower bound)',
            data: rows.map((x) => x.payload),
            backgroundColor: rows.map((x) => withAlpha(engineColour(x.engine), 0.35)),
            borderColor: rows.map((x) => engineColour(x.engine)),
            borderWidth: 1,
          },
        ],
      },
      options: {
        ...FIXED_SIZE,
        scales: {
          y: valueAxis(
            'bytes',
            'bytes',
            rows.flatMap((x) => [x.bytesIn, x.payload]),
          ),
        },
      },
    },
    table: {
      columns: ['engine', 'catch-up', 'ms', 'bytes received', 'payload bytes at the end'],
      rows: rows.map((x) => [x.engine, x.name, x.ms, x.bytesIn, x.payload]),
    },
  };
}

/** Every chart that has data for a scenario's completed runs. */
export function scenarioCharts(scenario: string, runs: readonly CompletedRun[]): ChartSpec[] {
  return [
    wireOverTime,
    storedOverTime,
    bytesByLayer,
    bytesPerPhase,
    visibility,
    visibilityDistribution,
    catchUpBytes,
  ].flatMap((build) => build(scenario, runs) ?? []);
}
