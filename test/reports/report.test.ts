// The report from results.json: chart builders are pure (results → chart.js config and the same
// numbers as a table), every string from results is escaped, Markdown and baseline deltas.
import { describe, expect, it } from 'vitest';
import { yjsAdapter } from '../../adapters/yjs/index.ts';
import { referenceAdapter } from '../../adapters/reference/index.ts';
import { concurrentEdits } from '../../scenarios/concurrent-edits.ts';
import type { ResultsDocument } from '../../src/results/results-document.ts';
import { RESULTS_SCHEMA_VERSION } from '../../src/results/results-document.ts';
import type { CompletedRun, RunResult, RunTiming } from '../../src/runner/result.ts';
import { runScenario } from '../../src/runner/run-scenario.ts';
import { comparison } from '../../reports/baseline.ts';
import { engineColour } from '../../reports/engine-colours.ts';
import {
  bytesPerPhase,
  valueAxis,
  scenarioCharts,
  visibilityDistribution,
  wireOverTime,
} from '../../reports/chart-builders.ts';
import { html, scriptJson } from '../../reports/escape.ts';
import { htmlReport } from '../../reports/html-report.ts';
import { markdownReport } from '../../reports/markdown-report.ts';
import { reportData } from '../../reports/report-data.ts';

async function results(): Promise<ResultsDocument> {
  const runs: RunResult[] = [];
  const timings: RunTiming[] = [];
  for (const adapter of [yjsAdapter, referenceAdapter]) {
    const { result, timing } = await runScenario({
      scenario: concurrentEdits,
      adapter,
      seed: 1,
      scale: 'ci',
      replay: 'test',
    });
    runs.push(result);
    timings.push(timing);
  }
  runs.push({
    scenario: 'concurrent-edits',
    engine: 'pouchdb',
    seed: 1,
    scale: 'ci',
    replay: 'x',
    state: 'unsupported',
    reason: 'no <b>mesh</b>',
  });
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    tool: { name: 'syncbench', version: '0.1.0' },
    meta: {
      seed: 1,
      scale: 'ci',
      profile: null,
      trace: null,
      command: 'syncbench run concurrent-edits',
      node: 'v20',
      platform: 'linux-x64',
      scenarios: ['concurrent-edits'],
      engines: ['yjs', 'reference', 'pouchdb'],
      libraries: { yjs: '13.6.33', reference: '0.1.0' },
    },
    runs,
    timing: {
      startedAt: '2026-11-22T00:00:00Z',
      wallMs: 1,
      machine: { cpus: 2, cpuModel: 'test', memoryBytes: 1 },
      runs: timings,
    },
  };
}

const doc = await results();
const completedRuns = doc.runs.filter((r): r is CompletedRun => r.state === 'completed');

describe('chart builders', () => {
  it('plot cumulative wire bytes per engine, ending at the run total, with the same points as a table', () => {
    const chart = wireOverTime('concurrent-edits', completedRuns);
    expect(chart?.config.type).toBe('line');
    expect(chart?.config.data.datasets.map((d) => d.label)).toEqual(['yjs', 'reference']);
    const yjs = completedRuns[0] as CompletedRun;
    const points = chart?.config.data.datasets[0]?.data as { x: number; y: number }[];
    expect(points.at(-1)?.y).toBe(yjs.wire.bytes);
    expect(points.map((p) => p.y)).toEqual([...points.map((p) => p.y)].sort((a, b) => a - b)); // cumulative
    expect(chart?.table.rows.filter((r) => r[0] === 'yjs')).toHaveLength(points.length);
  });

  it("split each engine's bytes by phase so each engine sums to its wire total", () => {
    const chart = bytesPerPhase('concurrent-edits', completedRuns);
    const datasets = chart?.config.data.datasets ?? [];
    expect(datasets.map((d) => d.label)).toEqual(completedRuns.map((r) => r.engine));
    completedRuns.forEach((run, i) => {
      const sum = (datasets[i]?.data as number[]).reduce((n, v) => n + v, 0);
      expect(sum).toBe(run.wire.bytes);
    });
  });

  it('give every engine its own colour in every chart, whatever its position', () => {
    const swapped = [...completedRuns].reverse();
    for (const runs of [completedRuns, swapped])
      for (const chart of scenarioCharts('concurrent-edits', runs))
        for (const d of chart.config.data.datasets)
          if (typeof d.backgroundColor === 'string' && ['yjs', 'reference'].includes(d.label))
            expect(d.backgroundColor).toBe(engineColour(d.label));
    expect(engineColour('yjs')).not.toBe(engineColour('reference'));
    expect(engineColour('my-engine')).toBe(engineColour('my-engine'));
    expect(engineColour('my-engine')).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('use a log axis when the figures span more than 20×, a linear one from zero otherwise', () => {
    expect(valueAxis('bytes', 'bytes', [100, 2_000])).toMatchObject({ type: 'linear', beginAtZero: true });
    expect(valueAxis('bytes', 'bytes', [100, 2_001, 0, null])).toMatchObject({
      type: 'logarithmic',
      title: { text: 'bytes (log scale)' },
      syncbenchAxis: { title: 'bytes', unit: 'bytes' },
    });
  });

  it('show simulated time in the unit the run fills, not always in hours', () => {
    const chart = wireOverTime('concurrent-edits', completedRuns);
    const x = (chart?.config.options.scales as { x: { title: { text: string } } }).x;
    expect(x.title.text).toMatch(/^simulated time \((s|min)\)$/);
    expect(chart?.table.columns[1]).toMatch(/^simulated (s|min)$/);
  });

  it('bucket every visibility probe once', () => {
    const chart = visibilityDistribution('concurrent-edits', completedRuns);
    completedRuns.forEach((run, i) => {
      const counts = chart?.config.data.datasets[i]?.data as number[];
      expect(counts.reduce((a, b) => a + b, 0)).toBe(run.visibilityMs.samples);
    });
  });

  it('make every chart of a scenario with data, none for no runs', () => {
    expect(scenarioCharts('concurrent-edits', completedRuns).length).toBeGreaterThanOrEqual(4);
    expect(scenarioCharts('concurrent-edits', [])).toEqual([]);
  });
});

describe('html report', () => {
  it("gives an unsupported run's reason once, down its column, not in every metric row", () => {
    const page = htmlReport(reportData([doc]));
    const section = page.slice(page.indexOf('<section class="scenario"'));
    expect(section.split('unsupported: no &lt;b&gt;mesh&lt;/b&gt;')).toHaveLength(2);
    expect(section).toMatch(/<td class="note unsupported" rowspan="\d+">unsupported: no/);
  });

  it('heads each engine column with its chart colour', () => {
    const page = htmlReport(reportData([doc]));
    expect(page).toContain(
      `<th><span class="swatch" style="background:${engineColour('yjs')}"></span>yjs</th>`,
    );
  });
});

describe('escaping', () => {
  it('renders a scenario named like a script as text', () => {
    const evil = '<script>alert(1)</script>';
    const renamed = { ...doc, runs: doc.runs.map((r) => ({ ...r, scenario: evil })) };
    const page = htmlReport(reportData([renamed]));
    expect(page).not.toContain(evil);
    expect(page).toContain(html(evil));
    expect(page).toContain('no &lt;b&gt;mesh&lt;/b&gt;');
    expect(scriptJson({ s: '</script><b>' })).toBe('{"s":"\\u003c/script\\u003e\\u003cb\\u003e"}');
  });

  it('inlines chart.js: no script or stylesheet comes from elsewhere', () => {
    const page = htmlReport(reportData([doc]));
    expect(page).not.toMatch(/<script[^>]+src=/);
    expect(page).not.toMatch(/<link[^>]+href=/);
    expect(page).toMatch(/Chart/);
  });
});

describe('markdown and baseline', () => {
  it('marks a run that converged but broke the history checker as failed in the summary, with why', () => {
    const [yjsRun, ...rest] = doc.runs;
    if (yjsRun?.state !== 'completed') throw new Error('the yjs run should complete');
    const violation = {
      kind: 'lost update',
      key: 'tasks/c1-1.status',
      replica: 'c2',
      op: 'c2 update tasks/c1-1 {"status":"done#c2-e3"} at 2 s',
      detail: 'the field holds an older value',
    } as const;
    const broken: RunResult = {
      ...yjsRun,
      history: { writes: 10, violations: 1, byKind: { 'lost update': 1 }, examples: [violation] },
    };
    const page = htmlReport(reportData([{ ...doc, runs: [broken, ...rest] }]));
    const summary = page.slice(
      page.indexOf('<table id="summary">'),
      page.indexOf('</table>', page.indexOf('<table id="summary">')),
    );
    expect(summary).toContain('converged, FAILED:<br>1 history violations');
    expect(page).toContain('lost update of <code>tasks/c1-1.status</code>');
    expect(htmlReport(reportData([doc]))).not.toContain('FAILED:');
  });

  it('summarises each scenario as a table, unsupported runs with their reason', () => {
    const md = markdownReport(reportData([doc]));
    expect(md).toContain('## concurrent-edits');
    expect(md).toContain('| metric | yjs | reference | pouchdb |');
    expect(md).toContain('_unsupported: no &lt;b&gt;mesh&lt;/b&gt;_');
  });

  it('marks a regression worse and an improvement better, by the direction each metric prefers', () => {
    const worse = {
      ...doc,
      runs: doc.runs.map((r) =>
        r.state === 'completed' ? { ...r, wire: { ...r.wire, bytes: r.wire.bytes * 2 } } : r,
      ),
    };
    const compared = comparison(doc, 'base.json');
    const md = markdownReport(reportData([worse]), compared);
    expect(md).toMatch(/payload bytes \| [\d,]+ \(\+100\.0 % \(was [\d,]+\)\) 🔴/);
    const page = htmlReport(reportData([worse]), { comparison: compared });
    expect(page).toMatch(
      /<td class="worse">[\d,]+<span class="delta">\+100\.0 % \(was [\d,]+\)<\/span><\/td>/,
    );
    const better = markdownReport(reportData([doc]), comparison(worse, 'worse.json'));
    expect(better).toMatch(/\(-50\.0 % \(was [\d,]+\)\) 🟢/);
  });
});
