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
  return doc as ResultsDocument;
}
