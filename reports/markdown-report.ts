/**
 * The Markdown summary (`--format md`): for a GitHub job summary or a PR comment. One table per
 * scenario (metrics × engines, the best value in bold, deltas against a baseline when given), the
 * runs that failed anew with their replay commands, and apart from them the known findings.
 */
import type { RunResult } from '../src/runner/result.ts';
import { failedAnew, isKnownFinding, isStaleFinding } from '../src/runner/result.ts';
import type { Comparison } from './baseline.ts';
import { deltaText } from './baseline.ts';
import type { ReportData } from './report-data.ts';
import { compressionOf } from './report-data.ts';
import { summaryMatrix } from './summary-matrix.ts';
import { markdownCell } from './escape.ts';
import { BENCH_COLUMNS, benchRows } from './bench-report.ts';

const cell = markdownCell;

export function markdownReport(data: ReportData, comparison?: Comparison): string {
  const out: string[] = ['# syncbench results', ''];
  for (const doc of data.documents)
    out.push(
      `\`${cell(doc.meta.command)}\` — seed ${doc.meta.seed}, scale ${doc.meta.scale}, compression ${compressionOf(doc)}, ${cell(doc.tool.version)}`,
      '',
      ...(doc.complete === false
        ? [
            `**Incomplete:** the suite was interrupted or is still running (${doc.runs.length} runs finished).`,
            '',
          ]
        : []),
    );
  if (comparison)
    out.push(
      comparison.notComparable.length > 0
        ? `**Not comparable** with baseline \`${cell(comparison.baselineLabel)}\`: ${comparison.notComparable.map(cell).join('; ')}. The changes are neither regressions nor improvements.`
        : `Compared with baseline \`${cell(comparison.baselineLabel)}\`.`,
      '',
    );
  for (const { scenario, runs } of data.scenarios) {
    const engines = data.engines.filter((e) => runs.some((r) => r.engine === e));
    out.push(
      `## ${cell(scenario)}`,
      '',
      `| metric | ${engines.map(cell).join(' | ')} |`,
      `|---|${engines.map(() => '---:').join('|')}|`,
    );
    for (const { metric, cells } of summaryMatrix(data, runs, engines)) {
      const texts = cells.map((c, i) => {
        if (c.kind === 'note') return `_${cell(c.text)}_`;
        const delta = comparison?.delta(scenario, engines[i] ?? '', metric, c.value);
        const mark = delta?.verdict === 'worse' ? ' 🔴' : delta?.verdict === 'better' ? ' 🟢' : '';
        const value = c.best ? `**${c.text}**` : c.text;
        return delta ? `${value} (${cell(deltaText(delta, metric))})${mark}` : value;
      });
      out.push(`| ${cell(metric.label)} | ${texts.join(' | ')} |`);
    }
    out.push('');
  }
  for (const doc of data.documents) {
    const bench = doc.timing.bench;
    if (!bench) continue;
    out.push(
      `## Timing benchmarks (${bench.workload.records} records, ${bench.workload.textChars} characters of text; wall clock)`,
      '',
      `| ${BENCH_COLUMNS.join(' | ')} |`,
      `|---|---|${BENCH_COLUMNS.slice(2)
        .map(() => '---:')
        .join('|')}|`,
      ...benchRows(bench).map((row) => `| ${row.map((v) => cell(String(v))).join(' | ')} |`),
      '',
    );
  }
  const all = data.scenarios.flatMap((s) => s.runs);
  const failures: RunResult[] = all.filter(failedAnew);
  if (failures.length > 0) {
    out.push('## Failed runs', '');
    for (const run of failures) {
      const detail =
        run.state === 'errored'
          ? `errored: ${run.error}`
          : run.state === 'completed'
            ? run.divergences.map((d) => `${d.replica} differs at ${d.firstDifferingPath}`).join('; ') ||
              'failed a check'
            : '';
      out.push(
        `- **${cell(run.scenario)} × ${cell(run.engine)}** (seed ${run.seed}): ${cell(detail)} — replay: \`${run.replay}\``,
      );
    }
    out.push('');
  }
  const known = all.filter(isKnownFinding);
  if (known.length > 0) {
    out.push(
      '## Known findings',
      '',
      'Runs that failed as a known finding of their engine says (not new failures):',
      '',
    );
    for (const run of known)
      out.push(
        `- **${cell(run.scenario)} × ${cell(run.engine)}**: \`${run.knownFinding.id}\`: ${cell(run.knownFinding.summary)} (${run.knownFinding.docs})`,
      );
    out.push('');
  }
  const stale = all.filter(isStaleFinding);
  if (stale.length > 0) {
    out.push('## Known findings that no longer reproduce', '');
    for (const run of stale)
      out.push(
        `- **${cell(run.scenario)} × ${cell(run.engine)}** passed: \`${run.knownFinding.id}\` may be fixed (${run.knownFinding.docs})`,
      );
    out.push('');
  }
  return out.join('\n');
}
