/**
 * Chart builders: pure functions from a scenario's runs to chart.js configurations, each with the
 * same numbers as a table (for reading, copying and screen readers). No DOM, no chart.js import:
 * the page hands these configs to chart.js as they are.
 */
import type { CompletedRun } from '../src/runner/result.ts';

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
  readonly backgroundColor?: string;
  readonly borderColor?: string;
  readonly stack?: string;
}

/** A colour per engine (or phase) by position, readable on white. */
export const PALETTE = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#9467bd',
  '#ff7f0e',
  '#17becf',
  '#8c564b',
  '#e377c2',
];
export const colour = (i: number): string => PALETTE[i % PALETTE.length] ?? '#333';

/** Every chart: drawn at once (no animation) to the size of its container. */
export const FIXED_SIZE = { animation: false, responsive: true, maintainAspectRatio: false } as const;

const HOUR = 3_600_000;
/** Sample times in hours, rounded for axis labels and tables. */
const hours = (ms: number): number => Math.round((ms / HOUR) * 1000) / 1000;

/** Fault periods as shaded bands (the page's `faultBands` plugin draws them), in hours. */
export function faultBands(runs: readonly CompletedRun[]): { from: number; to: number; label: string }[] {
  return (runs[0]?.faults ?? []).map((f) => ({
    from: hours(f.fromMs),
    to: hours(f.toMs),
    label: `${f.kind} ${f.replicas.join(', ')}`,
  }));
}

const timeAxes = (yTitle: string, runs: readonly CompletedRun[]): Record<string, unknown> => ({
  ...FIXED_SIZE,
  plugins: { faultBands: { bands: faultBands(runs) } },
  scales: {
    x: { type: 'linear', title: { display: true, text: 'simulated time (h)' } },
    y: { beginAtZero: true, title: { display: true, text: yTitle } },
  },
});

/** Cumulative payload bytes over simulated time, one line per engine (the sample steps, then the end of the run). */
export function wireOverTime(scenario: string, runs: readonly CompletedRun[]): ChartSpec | undefined {
  if (!runs.some((r) => r.series.length > 1)) return undefined;
  return {
    id: `${scenario}-wire`,
    title: 'Cumulative payload bytes over simulated time',
    config: {
      type: 'line',
      data: {
        datasets: runs.map((r, i) => ({
          label: r.engine,
          data: [
            ...r.series.map((s) => ({ x: hours(s.atMs), y: s.wireBytes })),
            { x: hours(r.endMs), y: r.wire.bytes },
          ],
          borderColor: colour(i),
          backgroundColor: colour(i),
        })),
      },
      options: timeAxes('bytes sent', runs),
    },
    table: {
      columns: ['engine', 'simulated h', 'phase', 'wire bytes so far'],
      rows: runs.flatMap((r) => [
        ...r.series.map((s) => [r.engine, hours(s.atMs), s.phase, s.wireBytes]),
        [r.engine, hours(r.endMs), 'end of run', r.wire.bytes],
      ]),
    },
  };
}

/** Stored bytes of all replicas together over simulated time, one line per engine. */
export function storedOverTime(scenario: string, runs: readonly CompletedRun[]): ChartSpec | undefined {
  if (!runs.some((r) => r.series.length > 1)) return undefined;
  const total = (s: CompletedRun['series'][number], key: 'storedBytes' | 'payloadBytes'): number =>
    Object.values(s.replicas).reduce((n, r) => n + r[key], 0);
  return {
    id: `${scenario}-stored`,
    title: 'Stored bytes of all replicas over simulated time',
    config: {
      type: 'line',
      data: {
        datasets: runs.map((r, i) => ({
          label: r.engine,
          data: r.series.map((s) => ({ x: hours(s.atMs), y: total(s, 'storedBytes') })),
          borderColor: colour(i),
          backgroundColor: colour(i),
        })),
      },
      options: timeAxes('stored bytes', runs),
    },
    table: {
      columns: ['engine', 'simulated h', 'stored bytes', 'payload bytes', 'overhead'],
      rows: runs.flatMap((r) =>
        r.series.map((s) => {
          const [stored, payload] = [total(s, 'storedBytes'), total(s, 'payloadBytes')];
          return [
            r.engine,
            hours(s.atMs),
            stored,
            payload,
            payload === 0 ? '–' : (stored / payload).toFixed(2),
          ];
        }),
      ),
    },
  };
}

/** A bar per engine with one stacked segment per part (a layer, a phase), and the same numbers as a table. */
function stackedBytes(
  id: string,
  title: string,
  runs: readonly CompletedRun[],
  parts: readonly (readonly [string, (r: CompletedRun) => number])[],
  columns: readonly string[],
  row: (r: CompletedRun) => (string | number)[],
  stacked = true,
): ChartSpec {
  return {
    id,
    title,
    config: {
      type: 'bar',
      data: {
        labels: runs.map((r) => r.engine),
        datasets: parts.map(([label, value], i) => ({
          label,
          data: runs.map(value),
          backgroundColor: colour(i),
          ...(stacked ? { stack: id } : {}),
        })),
      },
      options: {
        ...FIXED_SIZE,
        scales: {
          x: { stacked },
          y: { stacked, beginAtZero: true, title: { display: true, text: 'bytes' } },
        },
      },
    },
    table: { columns, rows: runs.map(row) },
  };
}

/**
 * What each engine's traffic costs at each layer, side by side: the library's payload, what the
 * socket carries (plus WebSocket frames, HTTP heads, handshakes, pings; less, where compression
 * is on), and what the network carries with TLS, TCP and IP (an estimate).
 */
export function bytesByLayer(scenario: string, runs: readonly CompletedRun[]): ChartSpec | undefined {
  if (runs.length === 0) return undefined;
  return stackedBytes(
    `${scenario}-layers`,
    'Bytes by layer: payload, on the socket, on the network',
    runs,
    [
      ['payload', (r) => r.wire.bytes],
      ['framed (socket)', (r) => r.wire.framedBytes],
      ['TLS, TCP, IP (estimate)', (r) => r.wire.ipBytes],
    ],
    ['engine', 'payload bytes', 'framed bytes (socket)', 'IP bytes (estimate)'],
    (r) => [r.engine, r.wire.bytes, r.wire.framedBytes, r.wire.ipBytes],
    false,
  );
}

/** Payload bytes per timeline phase, stacked per engine. */
export function bytesPerPhase(scenario: string, runs: readonly CompletedRun[]): ChartSpec | undefined {
  if (runs.length === 0) return undefined;
  const phases = [
    ...new Set(runs.flatMap((r) => r.wire.phases.filter((p) => p.bytes > 0).map((p) => p.phase))),
  ];
  const bytesIn = (r: CompletedRun, phase: string): number =>
    r.wire.phases.find((p) => p.phase === phase)?.bytes ?? 0;
  return stackedBytes(
    `${scenario}-phases`,
    'Payload bytes per phase',
    runs,
    phases.map((phase) => [phase, (r: CompletedRun) => bytesIn(r, phase)] as const),
    ['engine', ...phases],
    (r) => [r.engine, ...phases.map((p) => bytesIn(r, p))],
  );
}

/** Visibility latency percentiles per engine. */
export function visibility(scenario: string, runs: readonly CompletedRun[]): ChartSpec | undefined {
  const measured = runs.filter((r) => r.visibilityMs.samples > 0);
  if (measured.length === 0) return undefined;
  const keys = [
    ['p50', 'p50Ms'],
    ['p95', 'p95Ms'],
    ['p99', 'p99Ms'],
    ['max', 'maxMs'],
  ] as const;
  return {
    id: `${scenario}-visibility`,
    title: 'Visibility latency (local op → readable everywhere)',
    config: {
      type: 'bar',
      data: {
        labels: measured.map((r) => r.engine),
        datasets: keys.map(([label, key], i) => ({
          label,
          data: measured.map((r) => r.visibilityMs[key]),
          backgroundColor: colour(i),
        })),
      },
      options: {
        ...FIXED_SIZE,
        scales: { y: { type: 'logarithmic', title: { display: true, text: 'ms (log)' } } },
      },
    },
    table: {
      columns: ['engine', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'samples'],
      rows: measured.map((r) => [
        r.engine,
        ...keys.map(([, key]) => r.visibilityMs[key] ?? '–'),
        r.visibilityMs.samples,
      ]),
    },
  };
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
        datasets: measured.map((r, i) => ({
          label: r.engine,
          data: r.visibilityMs.histogram.map((b) => b.count),
          backgroundColor: colour(i),
        })),
      },
      options: {
        ...FIXED_SIZE,
        scales: { y: { beginAtZero: true, title: { display: true, text: 'probes' } } },
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
          { label: 'bytes received', data: rows.map((x) => x.bytesIn), backgroundColor: colour(0) },
          { label: 'payload (lower bound)', data: rows.map((x) => x.payload), backgroundColor: colour(2) },
        ],
      },
      options: {
        ...FIXED_SIZE,
        scales: { y: { beginAtZero: true, title: { display: true, text: 'bytes' } } },
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
