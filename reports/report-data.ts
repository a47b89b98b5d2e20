/**
 * What a report is made from: one or more results documents, their runs grouped by scenario in
 * the order they ran, each completed run with its wall-clock timing.
 */
import type { ResultsDocument } from '../src/results/results-document.ts';
import type { CompletedRun, RunResult, RunTiming } from '../src/runner/result.ts';

export interface ScenarioRuns {
  readonly scenario: string;
  readonly runs: readonly RunResult[];
}

export interface ReportData {
  readonly documents: readonly ResultsDocument[];
  readonly scenarios: readonly ScenarioRuns[];
  readonly engines: readonly string[];
  timingOf(run: RunResult): RunTiming | undefined;
}

export function reportData(documents: readonly ResultsDocument[]): ReportData {
  const byScenario = new Map<string, RunResult[]>();
  const engines: string[] = [];
  const timings = new Map<RunResult, RunTiming>();
  for (const doc of documents) {
    for (const run of doc.runs) {
      const list = byScenario.get(run.scenario) ?? [];
      byScenario.set(run.scenario, list);
      list.push(run);
      if (!engines.includes(run.engine)) engines.push(run.engine);
      const timing = doc.timing.runs.find((t) => t.scenario === run.scenario && t.engine === run.engine);
      if (timing) timings.set(run, timing);
    }
  }
  return {
    documents,
    scenarios: [...byScenario].map(([scenario, runs]) => ({ scenario, runs })),
    engines,
    timingOf: (run) => timings.get(run),
  };
}

export function completed(runs: readonly RunResult[]): CompletedRun[] {
  return runs.flatMap((r) => (r.state === 'completed' ? [r] : []));
}

/** What the runs compressed: `--compression`, else what their scenarios said (older files: none). */
export function compressionOf(doc: ResultsDocument): string {
  if (doc.meta.compression) return doc.meta.compression;
  const used = new Set(doc.runs.map((r) => (r.state === 'completed' ? (r.compression ?? 'none') : 'none')));
  return [...used].sort().join(', ') || 'none';
}
