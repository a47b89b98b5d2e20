/**
 * `syncbench report <results.json...>`: renders results as a self-contained HTML report (default),
 * a Markdown summary or JSON, optionally compared with a baseline results file.
 */
import { resolve } from 'node:path';
import { UsageError } from '../errors.ts';
import { writeFileAtomic } from '../results/write-atomic.ts';
import { incomparability } from '../gate/comparable.ts';
import { comparison } from '../../reports/baseline.ts';
import { htmlReport } from '../../reports/html-report.ts';
import { loadResults } from '../../reports/load-results.ts';
import { markdownReport } from '../../reports/markdown-report.ts';
import { reportData } from '../../reports/report-data.ts';
import type { CliProcess } from './cli-process.ts';
import { EXIT } from './cli-process.ts';

export const REPORT_FORMATS = ['html', 'md', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportOptions {
  /** The file to write (a directory when it ends with `/`); `-` for stdout; default `syncbench-report.<format>`. */
  readonly out?: string;
  readonly baseline?: string;
  readonly format: string;
}

/** The report of `files` in `format`, and why its baseline is not comparable (empty when it is). */
export function renderReport(
  files: readonly string[],
  options: ReportOptions,
  cwd: string,
): { text: string; notComparable: readonly string[] } {
  if (!REPORT_FORMATS.includes(options.format as ReportFormat))
    throw new UsageError(`unknown format '${options.format}'; valid formats: ${REPORT_FORMATS.join(', ')}`);
  const documents = files.map((f) => loadResults(f, cwd));
  const data = reportData(documents);
  const baseline = options.baseline ? loadResults(options.baseline, cwd) : undefined;
  const notComparable = baseline
    ? [...new Set(documents.flatMap((doc) => incomparability(baseline, doc)))]
    : [];
  const compared =
    baseline && options.baseline ? comparison(baseline, options.baseline, notComparable) : undefined;
  const text = ((): string => {
    switch (options.format as ReportFormat) {
      case 'html':
        return htmlReport(data, compared ? { comparison: compared } : {});
      case 'md':
        return markdownReport(data, compared);
      case 'json':
        return `${JSON.stringify(documents.length === 1 ? documents[0] : documents, null, 2)}\n`;
    }
  })();
  return { text, notComparable };
}

export async function reportCommand(
  proc: CliProcess,
  files: string[],
  options: ReportOptions,
): Promise<number> {
  const { text, notComparable } = renderReport(files, options, proc.cwd());
  if (notComparable.length > 0)
    proc.stderr.write(
      `syncbench report: warning: not comparable with the baseline ${options.baseline ?? ''} (${notComparable.join('; ')}); its changes are shown but are neither regressions nor improvements\n`,
    );
  if (options.out === '-') {
    proc.stdout.write(text);
    return EXIT.ok;
  }
  // `-o reports/` names a directory: the report goes into it under its default name.
  const name = `syncbench-report.${options.format}`;
  const out = options.out ?? name;
  const path = resolve(proc.cwd(), /[\\/]$/.test(out) ? `${out}${name}` : out);
  await writeFileAtomic(path, text);
  proc.stderr.write(`report: ${path} (${Buffer.byteLength(text)} bytes)\n`);
  return EXIT.ok;
}
