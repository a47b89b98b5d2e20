/** Reads results.json files for `syncbench report`; a bad file is a usage error naming it. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../src/errors.ts';
import type { ResultsDocument } from '../src/results/results-document.ts';
import { RESULTS_SCHEMA_VERSION } from '../src/results/results-document.ts';

export function loadResults(path: string, cwd: string): ResultsDocument {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, path), 'utf8');
  } catch {
    throw new UsageError(`results file ${path} cannot be read (does it exist?)`);
  }
  let doc: Partial<ResultsDocument>;
  try {
    doc = JSON.parse(text) as Partial<ResultsDocument>;
  } catch (error) {
    throw new UsageError(`results file ${path} is not JSON: ${(error as Error).message}`);
  }
  if (doc.schemaVersion !== RESULTS_SCHEMA_VERSION || !Array.isArray(doc.runs) || !doc.meta || !doc.timing)
    throw new UsageError(
      `results file ${path} is not a syncbench results document (schemaVersion ${RESULTS_SCHEMA_VERSION} with meta, runs and timing)`,
    );
  doc.runs.forEach((run: unknown, i) => {
    const problem = runProblem(run);
    if (problem) throw new UsageError(`results file ${path}: runs[${i}]${problem}`);
  });
  return doc as ResultsDocument;
}

/** What is wrong with one run of a results file, as `.field must be …, got …`; '' when nothing. */
function runProblem(run: unknown): string {
  const got = (value: unknown): string => JSON.stringify(value) ?? 'nothing';
  if (typeof run !== 'object' || run === null) return ` must be an object, got ${got(run)}`;
  const r = run as Record<string, unknown>;
  for (const key of ['scenario', 'engine'])
    if (typeof r[key] !== 'string') return `.${key} must be a string, got ${got(r[key])}`;
  if (!['completed', 'errored', 'unsupported'].includes(r.state as string))
    return `.state must be completed, errored or unsupported, got ${got(r.state)}`;
  if (r.state !== 'completed') return '';
  if (typeof r.wire !== 'object' || r.wire === null) return `.wire must be an object, got ${got(r.wire)}`;
  if (typeof (r.wire as Record<string, unknown>).bytes !== 'number')
    return `.wire.bytes must be a number, got ${got((r.wire as Record<string, unknown>).bytes)}`;
  if (typeof r.converged !== 'boolean') return `.converged must be true or false, got ${got(r.converged)}`;
  for (const key of ['replicas', 'checks', 'divergences'])
    if (!Array.isArray(r[key])) return `.${key} must be a list, got ${got(r[key])}`;
  return '';
}
