/**
 * The gate's verdicts as a console table, Markdown (for `$GITHUB_STEP_SUMMARY` or a PR comment)
 * and JSON. Unchanged figures are counted, not listed, unless every row is asked for.
 */
import { textTable } from '../../reports/text-table.ts';
import { markdownCell } from '../../reports/escape.ts';
import type { FigureVerdict, Verdict, Verdicts } from './compare-figures.ts';
import { VERDICTS } from './compare-figures.ts';
import { formatValue } from './gate-figures.ts';

export interface GateSummary {
  /** `pass`, `fail` (a figure regressed or went missing) or `not comparable`. */
  readonly outcome: 'pass' | 'fail' | 'not comparable';
  readonly baseline: string;
  readonly current: string;
  /** Why the results cannot be compared (only for `not comparable`). */
  readonly reasons: readonly string[];
  readonly verdicts?: Verdicts;
}

const value = (f: FigureVerdict, v: number | null): string =>
  v === null ? '–' : formatValue({ kind: f.kind, unit: f.unit, value: v });

function change(f: FigureVerdict): string {
  if (f.changePercent === null) return f.baseline === null || f.current === null ? '' : 'from 0';
  if (f.kind === 'flag' || f.kind === 'state') return '';
  const p = f.changePercent;
  return `${p > 0 ? '+' : ''}${Math.abs(p) >= 10 ? p.toFixed(1) : p.toFixed(2)} %`;
}

/**
 * The rows worth listing, worst first: everything but unchanged figures and timings within
 * noise (every row with `all`).
 */
function listed(verdicts: Verdicts, all: boolean): FigureVerdict[] {
  const order = (v: Verdict): number => VERDICTS.indexOf(v);
  const quiet = (f: FigureVerdict): boolean =>
    f.verdict === 'unchanged' || (f.verdict === 'within noise' && f.kind === 'timing');
  return verdicts.figures
    .filter((f) => all || !quiet(f))
    .sort((a, b) => Number(b.fails) - Number(a.fails) || order(a.verdict) - order(b.verdict));
}

function countsLine(verdicts: Verdicts): string {
  const parts = VERDICTS.filter((v) => verdicts.counts[v] > 0).map((v) => `${verdicts.counts[v]} ${v}`);
  const ignored = verdicts.ignored ? `, ${verdicts.ignored} ignored` : '';
  return `${verdicts.figures.length} figures: ${parts.join(', ') || 'none'}${ignored}`;
}

function headline(s: GateSummary): string {
  if (s.outcome === 'not comparable') return 'NOT COMPARABLE';
  const failing = s.verdicts?.figures.filter((f) => f.fails).length ?? 0;
  return s.outcome === 'pass'
    ? 'PASS'
    : `FAIL: ${failing} ${failing === 1 ? 'figure' : 'figures'} regressed or missing`;
}

export function gateTable(s: GateSummary, all = false): string {
  const out = [`gate: ${headline(s)} (baseline ${s.baseline}, current ${s.current})`];
  if (s.outcome === 'not comparable' || !s.verdicts)
    return `${[...out, ...s.reasons.map((r) => `  ${r}`)].join('\n')}\n`;
  out.push(countsLine(s.verdicts));
  const rows = listed(s.verdicts, all).map((f) => [
    f.fails ? `${f.verdict.toUpperCase()}` : f.verdict,
    f.scenario,
    f.engine,
    f.metric,
    value(f, f.baseline),
    value(f, f.current),
    change(f),
    f.why,
  ]);
  if (rows.length > 0)
    out.push(
      '',
      textTable(
        ['verdict', 'scenario', 'engine', 'metric', 'baseline', 'current', 'change', 'why'],
        rows,
        4,
      ).trimEnd(),
    );
  return `${out.join('\n')}\n`;
}

const ICONS: Readonly<Record<Verdict, string>> = {
  regressed: '🔴',
  missing: '⚠️',
  improved: '🟢',
  new: '🆕',
  'within noise': '〰️',
  unchanged: '',
};

/** Rows per Markdown table at most: a GitHub comment holds 65,536 characters. */
const MARKDOWN_ROWS = 150;

export function gateMarkdown(s: GateSummary, all = false): string {
  const out = [
    `## syncbench gate: ${headline(s)}`,
    '',
    `Baseline \`${markdownCell(s.baseline)}\`, current \`${markdownCell(s.current)}\`.`,
    '',
  ];
  if (s.outcome === 'not comparable' || !s.verdicts)
    return `${[...out, ...s.reasons.map((r) => `- ${markdownCell(r)}`)].join('\n')}\n`;
  out.push(countsLine(s.verdicts), '');
  const rows = listed(s.verdicts, all);
  const table = (all: readonly FigureVerdict[]): string[] => {
    const list = all.slice(0, MARKDOWN_ROWS);
    const more = all.length - list.length;
    return [
      '| verdict | scenario | engine | metric | baseline | current | change | why |',
      '|---|---|---|---|---:|---:|---:|---|',
      ...list.map(
        (f) =>
          `| ${ICONS[f.verdict]} ${f.fails ? `**${f.verdict}**` : f.verdict} | ${[f.scenario, f.engine, f.metric, value(f, f.baseline), value(f, f.current), change(f), f.why].map(markdownCell).join(' | ')} |`,
      ),
      ...(more > 0 ? ['', `…and ${more} more (\`--json\` has every figure).`] : []),
    ];
  };
  const failing = rows.filter((f) => f.fails);
  const others = rows.filter((f) => !f.fails);
  if (failing.length) out.push(...table(failing), '');
  if (others.length)
    out.push(
      '<details><summary>Other changes (' + others.length + ')</summary>',
      '',
      ...table(others),
      '',
      '</details>',
      '',
    );
  return `${out.join('\n')}\n`;
}

export function gateJson(s: GateSummary): string {
  return `${JSON.stringify(s, null, 2)}\n`;
}
