/**
 * The summary matrix of one scenario: a row per metric, a column per engine. A cell holds the
 * formatted value (and whether it is the row's best), or the reason the run has no figures.
 */
import type { RunResult } from '../src/runner/result.ts';
import type { Metric } from './metrics.ts';
import { METRICS, best } from './metrics.ts';
import type { ReportData } from './report-data.ts';

export type Cell =
  | { readonly kind: 'value'; readonly value: number | null; readonly text: string; readonly best: boolean }
  | { readonly kind: 'note'; readonly state: 'unsupported' | 'errored' | 'missing'; readonly text: string };

export interface MatrixRow {
  readonly metric: Metric;
  readonly cells: readonly Cell[];
}

/** Rows of the matrix for `runs` (one scenario), columns in `engines` order. */
export function summaryMatrix(
  data: ReportData,
  runs: readonly RunResult[],
  engines: readonly string[],
): MatrixRow[] {
  const byEngine = engines.map((e) => runs.find((r) => r.engine === e));
  return METRICS.map((metric) => {
    const values = byEngine.map((run) =>
      run?.state === 'completed' ? metric.value(run, data.timingOf(run)) : null,
    );
    const top = best(metric, values);
    const cells = byEngine.map((run, i): Cell => {
      if (!run) return { kind: 'note', state: 'missing', text: 'not run' };
      if (run.state === 'unsupported')
        return { kind: 'note', state: 'unsupported', text: `unsupported: ${run.reason}` };
      if (run.state === 'errored') return { kind: 'note', state: 'errored', text: `errored: ${run.error}` };
      const value = values[i] ?? null;
      // Highlight only where engines differ: a row where all are equal has no best.
      const present = values.filter((v) => v !== null);
      const several = present.length > 1 && present.some((v) => v !== present[0]);
      return {
        kind: 'value',
        value,
        text: value === null ? '–' : metric.format(value),
        best: several && value !== null && value === top,
      };
    });
    return { metric, cells };
  });
}
