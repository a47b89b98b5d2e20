/**
 * The HTML report: one self-contained file (chart.js inlined from node_modules, no network) with
 * the header, a summary matrix per scenario, charts with their numbers as tables, and every
 * failed run with its seed, divergences and replay command. Every string from results is escaped.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { RunResult } from '../src/runner/result.ts';
import { failedAnew, isKnownFinding, isStaleFinding, runFailed } from '../src/runner/result.ts';
import type { ChartSpec } from './chart-builders.ts';
import { scenarioCharts } from './chart-builders.ts';
import { html, scriptJson } from './escape.ts';
import { benchChart } from './bench-report.ts';
import type { ReportData } from './report-data.ts';
import { compressionOf } from './report-data.ts';
import { completed } from './report-data.ts';
import type { Cell } from './summary-matrix.ts';
import { summaryMatrix } from './summary-matrix.ts';
import type { Metric } from './metrics.ts';
import { METRICS } from './metrics.ts';
import type { Comparison } from './baseline.ts';
import { deltaText } from './baseline.ts';
import { engineColour } from './engine-colours.ts';
import { readableDuration } from '../src/readable.ts';

/** chart.js's UMD build, read once from the installed package. */
function chartJsSource(): string {
  // The package exports only its module entry points; the UMD build sits beside the CommonJS one.
  const main = createRequire(import.meta.url).resolve('chart.js');
  return readFileSync(join(dirname(main), 'chart.umd.min.js'), 'utf8').replace(/<\/script/gi, '<\\/script');
}

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1200px;padding:0 16px;color:#222}
h1{font-size:22px}h2{font-size:18px;margin-top:36px;border-bottom:1px solid #ccc}h3{font-size:15px}
table{border-collapse:collapse;margin:8px 0 16px}th,td{border:1px solid #ddd;padding:3px 8px;text-align:right;vertical-align:top}
th:first-child,td:first-child{text-align:left}td.best{background:#d9f2d9;font-weight:600}
td.note{text-align:left;color:#666;max-width:260px;font-size:12px}td.errored{color:#b00}
.ok{color:#1a7f1a}.bad{color:#b00;font-weight:600}.known{color:#8a5a00;font-weight:600}.bestpart{background:#d9f2d9;font-weight:600}td.worse{background:#fbe0e0}td.better{background:#d9f2d9}.delta{display:block;font-size:11px;color:#555}
.chart{position:relative;height:300px;margin:12px 0}.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px;vertical-align:baseline}
button.scale{font-size:12px;margin-left:8px;padding:1px 8px;cursor:pointer}details{margin:4px 0 16px}dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px}
dt{color:#666}code{background:#f4f4f4;padding:1px 4px}.failure{border-left:4px solid #b00;padding:4px 12px;margin:8px 0}
.wide{overflow-x:auto}#summary{font-size:13px}#summary td{padding:3px 6px}#summary .fig{white-space:nowrap}
`;

export interface HtmlOptions {
  readonly comparison?: Comparison;
}

export function htmlReport(data: ReportData, options: HtmlOptions = {}): string {
  const charts: ChartSpec[] = [];
  const sections = data.scenarios.map(({ scenario, runs }) => {
    const specs = scenarioCharts(scenario, completed(runs));
    const first = charts.length;
    charts.push(...specs);
    return scenarioSection(data, scenario, runs, specs, first, options.comparison);
  });
  const benchSections = data.documents.flatMap((doc, i) => {
    if (!doc.timing.bench) return [];
    const spec = benchChart(doc.timing.bench, `bench-${i}`);
    charts.push(spec);
    return [benchSection(spec, charts.length - 1)];
  });
  const runs = data.scenarios.flatMap((s) => s.runs);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>syncbench report</title><style>${STYLE}</style></head>
<body>
<h1>syncbench report</h1>
${header(data)}
${options.comparison ? comparisonNote(options.comparison) : ''}
${overview(data)}
${data.scenarios.length ? failuresSection(runs.filter(failedAnew)) + knownFindingsSection(runs) : ''}
${sections.join('\n')}
${benchSections.join('\n')}
<script type="application/json" id="chart-data">${scriptJson(charts.map((c) => c.config))}</script>
<script>${chartJsSource()}</script>
<script>
(function () {
  // Fault periods (partitions, offline and crashed replicas) shaded behind time charts.
  Chart.register({
    id: 'faultBands',
    beforeDatasetsDraw: function (chart, args, options) {
      var bands = options && options.bands;
      if (!bands || !bands.length || !chart.scales.x) return;
      var x = chart.scales.x, area = chart.chartArea, ctx = chart.ctx;
      ctx.save();
      ctx.fillStyle = 'rgba(214, 39, 40, 0.08)';
      Array.prototype.forEach.call(bands, function (b) {
        var left = Math.max(area.left, x.getPixelForValue(b.from));
        var right = Math.min(area.right, x.getPixelForValue(b.to));
        if (right > left) ctx.fillRect(left, area.top, right - left, area.bottom - area.top);
      });
      ctx.restore();
    }
  });
  // Ticks in units a person reads: 12 MB, 2.5 min. A log axis labels only 1, 2 and 5 of each decade.
  function significant(v) {
    var a = Math.abs(v);
    return a >= 100 ? Math.round(v).toLocaleString('en-US') : String(Number(v.toFixed(a >= 10 ? 1 : 2)));
  }
  function bytes(v) {
    var units = ['B', 'kB', 'MB', 'GB', 'TB'], i = 0;
    while (Math.abs(v) >= 1000 && i < units.length - 1) { v /= 1000; i++; }
    return (i === 0 ? String(Math.round(v)) : significant(v)) + ' ' + units[i];
  }
  function duration(ms) {
    var units = [['d', 86400000], ['h', 3600000], ['min', 60000], ['s', 1000]];
    for (var i = 0; i < units.length; i++)
      if (Math.abs(ms) >= units[i][1]) return significant(ms / units[i][1]) + ' ' + units[i][0];
    return significant(ms) + ' ms';
  }
  function formatTicks(y) {
    var unit = y.syncbenchAxis.unit;
    y.ticks = y.ticks || {};
    y.ticks.callback = function (v) {
      // \`this\` is the scale as drawn: its type follows the toggle.
      if (this.type === 'logarithmic') {
        var sig = v / Math.pow(10, Math.floor(Math.log10(v)));
        if ([1, 2, 5].indexOf(Math.round(sig * 1000) / 1000) < 0) return '';
      }
      return unit === 'bytes' ? bytes(v) : unit === 'ms' ? duration(v) : v.toLocaleString('en-US');
    };
  }
  var configs = JSON.parse(document.getElementById('chart-data').textContent);
  var charts = configs.map(function (config, i) {
    var canvas = document.getElementById('chart-' + i);
    var y = config.options && config.options.scales && config.options.scales.y;
    if (y && y.syncbenchAxis) formatTicks(y);
    return canvas ? new Chart(canvas, config) : null;
  });
  // The log/linear toggle of a chart's value axis.
  Array.prototype.forEach.call(document.querySelectorAll('button.scale'), function (button) {
    var chart = charts[Number(button.getAttribute('data-chart'))];
    if (!chart) return;
    var label = function () {
      button.textContent = chart.options.scales.y.type === 'logarithmic' ? 'linear scale' : 'log scale';
    };
    label();
    button.addEventListener('click', function () {
      var y = chart.options.scales.y;
      var log = y.type !== 'logarithmic';
      y.type = log ? 'logarithmic' : 'linear';
      y.beginAtZero = !log;
      y.title.text = y.syncbenchAxis.title + (log ? ' (log scale)' : '');
      chart.update();
      label();
    });
  });
  document.body.setAttribute('data-charts-drawn', String(configs.length));
})();
</script>
</body></html>
`;
}

/**
 * The overview: one row per scenario, one column per engine; each cell says whether the run
 * converged and its wire and stored bytes, the lowest of each in the row highlighted.
 */
function overview(data: ReportData): string {
  const [wire, stored] = ['wireBytes', 'storedBytes'].map((k) => METRICS.find((m) => m.key === k) as Metric);
  if (!wire || !stored || data.scenarios.length === 0) return '';
  const head = `<tr><th>scenario</th>${data.engines.map(engineHead).join('')}</tr>`;
  const rows = data.scenarios.map(({ scenario, runs }) => {
    const matrix = summaryMatrix(data, runs, data.engines);
    const row = (m: Metric) => matrix.find((r) => r.metric === m)?.cells ?? [];
    const [converged, wireCells, storedCells] = [row(METRICS[0] as Metric), row(wire), row(stored)];
    const tds = data.engines.map((engine, i) => {
      const c = converged[i];
      const run = runs.find((r) => r.engine === engine);
      if (!c || c.kind === 'note')
        return `<td class="note ${c?.state ?? ''}">${html(c?.text ?? 'not run')}</td>`;
      const part = (cell: Cell | undefined, unit: string): string =>
        cell?.kind === 'value'
          ? `<span class="fig${cell.best ? ' bestpart' : ''}">${html(cell.text)} ${unit}</span>`
          : '';
      const known = run && isKnownFinding(run) ? run.knownFinding : undefined;
      const why = run ? failureOfConverged(run) : undefined;
      const mark = known
        ? `<span class="known" title="${html(`${known.summary} (${known.docs})`)}">${html(c.text)} known finding<br>${html(known.id)}</span>`
        : c.value === 1
          ? why
            ? `<span class="bad">${html(c.text)} converged, FAILED:<br>${html(why)}</span>`
            : `<span class="ok">${html(c.text)}</span>`
          : `<span class="bad">${html(c.text)} not converged</span>`;
      return `<td>${mark}<br>${part(wireCells[i], 'B wire')}<br>${part(storedCells[i], 'B stored')}</td>`;
    });
    return `<tr><th scope="row"><a href="#${html(anchor(scenario))}">${html(scenario)}</a></th>${tds.join('')}</tr>`;
  });
  // With many engines the table is wider than the page: it scrolls, and no figure breaks.
  return `<h2>Summary</h2><div class="wide"><table id="summary"><thead>${head}</thead><tbody>${rows.join('\n')}</tbody></table></div>`;
}

/** Why a run that converged still failed (did not settle, lost inserts, history violations, checks), if it did. */
function failureOfConverged(run: RunResult): string | undefined {
  if (run.state !== 'completed' || !runFailed(run)) return undefined;
  const lost = run.lostInserts - run.lostInsertsAllowed;
  const violations = run.history?.violations ?? 0;
  const checks = run.checks.filter((c) => !c.passed).length;
  return [
    ...(run.notSettled !== undefined ? ['did not settle'] : []),
    ...(lost > 0 ? [`${lost} lost inserts`] : []),
    ...(violations > 0 ? [`${violations} history violations`] : []),
    ...(checks > 0 ? [`${checks} checks failed`] : []),
  ].join(', ');
}

/** What the deltas mean, or, for a baseline of another configuration, why they mean nothing. */
function comparisonNote(comparison: Comparison): string {
  const label = `<code>${html(comparison.baselineLabel)}</code>`;
  if (comparison.notComparable.length === 0)
    return `<p>Compared with baseline ${label}: green is better, red is worse, by the direction each metric prefers.</p>`;
  return `<p class="failure"><strong>Not comparable</strong> with baseline ${label}: ${comparison.notComparable.map(html).join('; ')}. The changes are shown uncoloured: they are neither regressions nor improvements.</p>`;
}

/** An engine's column head, with the colour it has in every chart. */
function engineHead(engine: string): string {
  return `<th><span class="swatch" style="background:${html(engineColour(engine))}"></span>${html(engine)}</th>`;
}

/** An element id for a scenario's section. */
function anchor(scenario: string): string {
  return `scenario-${scenario.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

function header(data: ReportData): string {
  const items = data.documents.map((doc) => {
    const m = doc.meta;
    const machine = doc.timing.machine;
    const rows: [string, string][] = [
      ['date', doc.timing.startedAt],
      ...(doc.complete === false
        ? [
            [
              'complete',
              `no: the suite was interrupted or is still running (${doc.runs.length} runs finished)`,
            ] as [string, string],
          ]
        : []),
      ['command', m.command],
      ['seed', String(m.seed)],
      ['scale', m.scale],
      ['network', `${m.profile ?? "each scenario's profile"}; compression ${compressionOf(doc)}`],
      ['tool', `${doc.tool.name} ${doc.tool.version}`],
      [
        'libraries',
        Object.entries(m.libraries)
          .map(([e, v]) => `${e} ${v}`)
          .join(', '),
      ],
      ['Node', `${m.node} (${m.platform})`],
      ['machine', `${machine.cpus} × ${machine.cpuModel}, ${Math.round(machine.memoryBytes / 2 ** 30)} GiB`],
      ['wall time', readableDuration(doc.timing.wallMs)],
    ];
    return `<dl>${rows.map(([k, v]) => `<dt>${html(k)}</dt><dd>${html(v)}</dd>`).join('')}</dl>`;
  });
  return items.join('\n');
}

function scenarioSection(
  data: ReportData,
  scenario: string,
  runs: readonly RunResult[],
  specs: readonly ChartSpec[],
  firstChart: number,
  comparison: Comparison | undefined,
): string {
  const engines = data.engines.filter((e) => runs.some((r) => r.engine === e));
  const rows = summaryMatrix(data, runs, engines);
  const head = `<tr><th>metric</th>${engines.map(engineHead).join('')}</tr>`;
  const body = rows
    .map(({ metric, cells }, rowIndex) => {
      const tds = cells.map((cell, i) => {
        // A run without figures says why once, in a cell down the whole column.
        if (cell.kind === 'note')
          return rowIndex === 0
            ? `<td class="note ${cell.state}" rowspan="${rows.length}">${html(cell.text)}</td>`
            : '';
        const delta = comparison?.delta(scenario, engines[i] ?? '', metric, cell.value);
        const classes = [cell.best ? 'best' : '', delta?.verdict ?? ''].filter(Boolean).join(' ');
        const deltaHtml = delta ? `<span class="delta">${html(deltaText(delta, metric))}</span>` : '';
        return `<td${classes ? ` class="${classes}"` : ''}>${html(cell.text)}${deltaHtml}</td>`;
      });
      return `<tr><th scope="row">${html(metric.label)}</th>${tds.join('')}</tr>`;
    })
    .join('\n');
  const chartHtml = specs.map((spec, k) => chartBlock(spec, firstChart + k)).join('\n');
  const faults = completed(runs)[0]?.faults ?? [];
  const faultTable = faults.length
    ? `<details><summary>fault periods (shaded on the time charts)</summary><table><tr><th>fault</th><th>replicas</th><th>from</th><th>to</th></tr>${faults
        .map(
          (f) =>
            `<tr><td>${html(f.kind)}</td><td>${html(f.replicas.join(', '))}</td><td>${html(readableDuration(f.fromMs))}</td><td>${html(readableDuration(f.toMs))}</td></tr>`,
        )
        .join('')}</table></details>`
    : '';
  return `<section class="scenario" id="${html(anchor(scenario))}"><h2>${html(scenario)}</h2>
<table class="summary"><thead>${head}</thead><tbody>${body}</tbody></table>
${faultTable}
${chartHtml}</section>`;
}

/** A chart's canvas with its numbers as a table underneath. */
function chartBlock(spec: ChartSpec, id: number): string {
  const table = `<table><tr>${spec.table.columns.map((c) => `<th>${html(c)}</th>`).join('')}</tr>${spec.table.rows
    .map(
      (row) =>
        `<tr>${row.map((v) => `<td>${html(typeof v === 'number' ? v.toLocaleString('en-US') : v)}</td>`).join('')}</tr>`,
    )
    .join('')}</table>`;
  const y = (spec.config.options.scales as { y?: { syncbenchAxis?: { unit: string } } } | undefined)?.y;
  const toggle =
    y?.syncbenchAxis && y.syncbenchAxis.unit !== 'count'
      ? `<button class="scale" type="button" data-chart="${id}">log scale</button>`
      : '';
  return `<h3>${html(spec.title)}${toggle}</h3><div class="chart"><canvas id="chart-${id}" role="img" aria-label="${html(spec.title)}"></canvas></div>
<details><summary>numbers</summary>${table}</details>`;
}

/** The timing benchmarks: the chart, and the statistics shown open (they are the point of the section). */
function benchSection(spec: ChartSpec, id: number): string {
  return `<section class="bench" id="bench"><h2>Timing benchmarks (wall clock)</h2>
<p>Each primitive timed with tinybench on a server and two clients; wall-clock figures vary between machines and runs.</p>
${chartBlock(spec, id).replace('<details>', '<details open>')}</section>`;
}

/** The runs that failed as known findings of their engines, and the findings that no longer reproduce. */
function knownFindingsSection(runs: readonly RunResult[]): string {
  const known = runs.filter(isKnownFinding);
  const stale = runs.filter(isStaleFinding);
  if (known.length + stale.length === 0) return '';
  const item = (run: (typeof known)[number], what: string): string =>
    `<li><strong>${html(run.scenario)} × ${html(run.engine)}</strong>: <code>${html(run.knownFinding.id)}</code> ${what} (${html(run.knownFinding.docs)})</li>`;
  return (
    `<h2>Known findings</h2><p>Runs that failed as a known finding of their engine says: not new failures.</p>` +
    `<ul>${known.map((r) => item(r, `— ${html(r.knownFinding.summary)}`)).join('')}` +
    `${stale.map((r) => item(r, '<strong>no longer reproduces</strong>: the run that showed it passed')).join('')}</ul>`
  );
}

function failuresSection(failures: readonly RunResult[]): string {
  if (failures.length === 0)
    return '<p>Every run converged and settled, lost no insert it should keep, broke nothing the history checker checks and passed its checks, or failed only as a known finding.</p>';
  const items = failures.map((run) => {
    const lines: string[] = [
      `<strong>${html(run.scenario)} × ${html(run.engine)}</strong> (seed ${run.seed})`,
    ];
    if (run.state === 'errored') lines.push(`errored: ${html(run.error)}`);
    if (run.state === 'completed') {
      if (!run.converged) lines.push('did not converge');
      for (const d of run.divergences)
        lines.push(
          `replica <code>${html(d.replica)}</code> differs first at <code>${html(d.firstDifferingPath)}</code>`,
        );
      for (const c of run.checks.filter((x) => !x.passed))
        lines.push(`check failed: ${html(c.name)} — ${html(c.detail)}`);
      const lost = run.lostInserts - run.lostInsertsAllowed;
      if (lost > 0) lines.push(`${lost} lost inserts (e.g. ${run.lostInsertExamples.map(html).join(', ')})`);
      if (run.notSettled !== undefined) lines.push(`did not settle: ${html(run.notSettled)}`);
      for (const v of run.history?.examples ?? [])
        lines.push(
          `${html(v.kind)} of <code>${html(v.key)}</code>${v.op ? ` by <code>${html(v.op)}</code>` : ''}: ${html(v.detail)}`,
        );
    }
    lines.push(`replay: <code>${html(run.replay)}</code>`);
    return `<div class="failure">${lines.join('<br>')}</div>`;
  });
  return `<h2>Failed runs</h2>${items.join('\n')}`;
}
