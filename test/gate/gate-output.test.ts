// The gate's console table and Markdown: failing rows first, quiet rows (unchanged figures,
// timings within noise) only with `all`, cells escaped, and Markdown short enough for a comment.
import { describe, expect, it } from 'vitest';
import { compareFigures } from '../../src/gate/compare-figures.ts';
import type { Figure } from '../../src/gate/gate-figures.ts';
import { figureId } from '../../src/gate/gate-figures.ts';
import type { GateSummary } from '../../src/gate/gate-output.ts';
import { gateMarkdown, gateTable } from '../../src/gate/gate-output.ts';

const exact = (engine: string, value: number): Figure => ({
  id: figureId('s|x', engine, 'wireBytes'),
  scenario: 's|x',
  engine,
  metric: 'wireBytes',
  kind: 'exact',
  better: 'lower',
  unit: 'bytes',
  value,
});

const wall = (ms: number): Figure => ({
  ...exact('yjs', ms),
  id: figureId('s|x', 'yjs', 'wallMs'),
  metric: 'wallMs',
  kind: 'timing',
  unit: 'ms',
  samples: { mean: ms, sd: 0, n: 1 },
});

function summary(base: Figure[], cur: Figure[]): GateSummary {
  const verdicts = compareFigures(base, cur, {});
  return {
    outcome: verdicts.failed ? 'fail' : 'pass',
    baseline: 'b.json',
    current: 'c.json',
    reasons: [],
    verdicts,
  };
}

describe('gate output', () => {
  it('lists regressions first and leaves quiet rows to --all', () => {
    const s = summary(
      [exact('yjs', 100), exact('rxdb', 100), wall(100)],
      [exact('yjs', 90), exact('rxdb', 120), wall(110)],
    );
    const table = gateTable(s);
    expect(table).toMatch(/^gate: FAIL: 1 figure regressed or missing/);
    const lines = table.split('\n');
    const row = (verdict: string): number => lines.findIndex((l) => l.startsWith(verdict));
    expect(row('REGRESSED')).toBeGreaterThan(0);
    expect(row('REGRESSED')).toBeLessThan(row('improved'));
    expect(table).not.toMatch(/wallMs/);
    expect(gateTable(s, true)).toMatch(/within noise .*wallMs/);
  });

  it('escapes Markdown cells and caps each table for a PR comment', () => {
    const engines = Array.from({ length: 200 }, (_, i) => `e${i}`);
    const s = summary(
      engines.map((e) => exact(e, 100)),
      engines.map((e) => exact(e, 200)),
    );
    const md = gateMarkdown(s);
    expect(md).toContain('| s\\|x |');
    expect(md.match(/\*\*regressed\*\*/g)).toHaveLength(150);
    expect(md).toContain('…and 50 more (`--json` has every figure).');
    expect(md.length).toBeLessThan(65_536);
  });

  it('says why results are not comparable', () => {
    const s: GateSummary = {
      outcome: 'not comparable',
      baseline: 'b',
      current: 'c',
      reasons: ['different seeds: baseline 1, current 2'],
    };
    expect(gateTable(s)).toMatch(/NOT COMPARABLE[\s\S]*different seeds/);
    expect(gateMarkdown(s)).toMatch(/- different seeds: baseline 1, current 2/);
  });
});
