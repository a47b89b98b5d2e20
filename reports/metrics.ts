/**
 * The figures the summary matrix compares, each with its unit and which direction is better, read
 * from a completed run (and its timing). One list shared by the HTML, Markdown and baseline views.
 */
import type { CompletedRun, RunTiming } from '../src/runner/result.ts';
import { readableCount, readableDuration, significant } from '../src/readable.ts';

export interface Metric {
  readonly key: string;
  readonly label: string;
  /** Lower is better for costs (bytes, ms); higher for `converged`. */
  readonly better: 'lower' | 'higher';
  value(run: CompletedRun, timing: RunTiming | undefined): number | null;
  format(value: number): string;
}

const integer = readableCount;

export const METRICS: readonly Metric[] = [
  {
    key: 'converged',
    label: 'converged',
    better: 'higher',
    value: (r) => (r.converged ? 1 : 0),
    format: (v) => (v === 1 ? '✓' : '✗'),
  },
  {
    key: 'convergenceMs',
    label: 'converged after the heal',
    better: 'lower',
    value: (r) => r.convergenceMs,
    format: readableDuration,
  },
  { key: 'wireBytes', label: 'payload bytes', better: 'lower', value: (r) => r.wire.bytes, format: integer },
  {
    key: 'framedBytes',
    label: 'framed bytes (socket)',
    better: 'lower',
    value: (r) => r.wire.framedBytes,
    format: integer,
  },
  {
    key: 'ipBytes',
    label: 'IP bytes (estimate)',
    better: 'lower',
    value: (r) => r.wire.ipBytes,
    format: integer,
  },
  {
    key: 'bytesPerOp',
    label: 'bytes / op',
    better: 'lower',
    value: (r) => r.bytesPerOp,
    format: significant,
  },
  {
    key: 'storedBytes',
    label: 'stored bytes (all replicas)',
    better: 'lower',
    value: (r) => r.replicas.reduce((n, x) => n + x.storedBytes, 0),
    format: integer,
  },
  {
    key: 'metadataOverhead',
    label: 'metadata overhead (clients)',
    better: 'lower',
    value: (r) => (r.storage.clients.replicas > 0 ? r.storage.clients : r.storage.peers).metadataOverhead,
    format: (v) => v.toFixed(2),
  },
  {
    key: 'visibilityP99Ms',
    label: 'visibility p99',
    better: 'lower',
    value: (r) => r.visibilityMs.p99Ms,
    format: readableDuration,
  },
  {
    key: 'unexpectedLostInserts',
    label: 'lost inserts (not allowed)',
    better: 'lower',
    value: (r) => r.lostInserts - r.lostInsertsAllowed,
    format: integer,
  },
  {
    key: 'historyViolations',
    label: 'history violations',
    better: 'lower',
    value: (r) => r.history?.violations ?? null,
    format: integer,
  },
  {
    key: 'wallMs',
    label: 'wall time (timing)',
    better: 'lower',
    value: (_r, t) => t?.wallMs ?? null,
    format: readableDuration,
  },
  {
    key: 'engineMs',
    label: 'time in engine code (timing)',
    better: 'lower',
    value: (_r, t) => t?.engineMs ?? null,
    format: readableDuration,
  },
];

/** The best value of a metric among `values` (nulls ignored), or undefined. */
export function best(metric: Metric, values: readonly (number | null)[]): number | undefined {
  const present = values.filter((v): v is number => v !== null);
  if (present.length === 0) return undefined;
  return metric.better === 'lower' ? Math.min(...present) : Math.max(...present);
}
