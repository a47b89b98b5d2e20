// The gate's verdicts per figure kind: exact figures against their tolerance, flags and states
// from good to bad, timings by noise floor and Welch's test; thresholds by scenario and metric.
import { describe, expect, it } from 'vitest';
import { compareFigures } from '../../src/gate/compare-figures.ts';
import type { Figure } from '../../src/gate/gate-figures.ts';
import { figureId } from '../../src/gate/gate-figures.ts';
import { parseThresholds, resolveThresholds, unmatchedNames } from '../../src/gate/thresholds.ts';
import { UsageError } from '../../src/errors.ts';

function figure(metric: string, value: number, more: Partial<Figure> = {}): Figure {
  const scenario = more.scenario ?? 'concurrent-edits';
  const engine = more.engine ?? 'yjs';
  return {
    id: figureId(scenario, engine, metric),
    scenario,
    engine,
    metric,
    kind: 'exact',
    better: 'lower',
    unit: 'bytes',
    value,
    ...more,
  };
}

const timing = (metric: string, mean: number, sd: number, n: number, scenario = 'bench'): Figure =>
  figure(metric, mean, { kind: 'timing', unit: 'ms', scenario, samples: { mean, sd, n } });

const verdictOf = (base: Figure, cur: Figure, thresholds = {}) =>
  compareFigures([base], [cur], thresholds).figures[0];

describe('gate verdicts', () => {
  it('exact figures: identical is unchanged, any rise beyond the tolerance regresses, a fall improves', () => {
    expect(verdictOf(figure('wireBytes', 1000), figure('wireBytes', 1000))?.verdict).toBe('unchanged');
    expect(verdictOf(figure('wireBytes', 1000), figure('wireBytes', 1004))?.verdict).toBe('within noise');
    const worse = verdictOf(figure('wireBytes', 1000), figure('wireBytes', 1010));
    expect(worse).toMatchObject({ verdict: 'regressed', fails: true, changePercent: 1 });
    expect(verdictOf(figure('wireBytes', 1000), figure('wireBytes', 900))?.verdict).toBe('improved');
    expect(verdictOf(figure('lostInserts', 0), figure('lostInserts', 1))?.verdict).toBe('regressed');
  });

  it('converged must not go from true to false; a run that stops completing regresses', () => {
    const flag = (v: number) => figure('converged', v, { kind: 'flag', better: 'higher', unit: 'bool' });
    expect(verdictOf(flag(1), flag(0))).toMatchObject({ verdict: 'regressed', fails: true });
    expect(verdictOf(flag(0), flag(1))).toMatchObject({ verdict: 'improved', fails: false });
    const state = (v: number) => figure('state', v, { kind: 'state', better: 'higher', unit: 'state' });
    expect(verdictOf(state(2), state(0))?.verdict).toBe('regressed');
  });

  it('timings: a large significant slowdown regresses; noise, small or insignificant changes do not', () => {
    const base = timing('apply-local-op', 1.0, 0.1, 200);
    const gated = { timing: { regressions: 'fail' as const } };
    expect(verdictOf(base, timing('apply-local-op', 3, 0.1, 200), gated)).toMatchObject({
      verdict: 'regressed',
      fails: true,
    });
    // 50 % slower and significant, but within the default floor (from 1/2.5 to 2.5 times the baseline)
    expect(verdictOf(base, timing('apply-local-op', 1.5, 0.1, 200))?.verdict).toBe('within noise');
    // with a 10 % floor the same change regresses
    const tight = { noiseFloorPercent: 10 };
    expect(verdictOf(base, timing('apply-local-op', 1.5, 0.1, 200), tight)?.verdict).toBe('regressed');
    // three times slower but so noisy and so few samples that it is not significant
    expect(verdictOf(timing('x', 1, 3, 5), timing('x', 3, 3, 5))?.why).toMatch(/not significant/);
    expect(verdictOf(base, timing('apply-local-op', 0.3, 0.1, 200))?.verdict).toBe('improved');
    // 2.5 times as fast is as far from the baseline as 2.5 times as slow: at the floor, not beyond it
    expect(verdictOf(base, timing('apply-local-op', 0.4, 0.1, 200))?.verdict).toBe('within noise');
    // a few microseconds either way is timer noise, whatever the ratio
    const tiny = timing('encode-state', 0.003, 0.001, 100);
    expect(verdictOf(tiny, timing('encode-state', 0.012, 0.001, 100))?.why).toMatch(/within 0\.05 ms/);
  });

  it('a timing whose mean moved but whose median did not is within noise (an outlier, not a shift)', () => {
    const withMedian = (mean: number, median: number): Figure => ({
      ...timing('bootstrap-replica', mean, 0.2, 100),
      samples: { mean, sd: 0.2, n: 100, median },
    });
    expect(verdictOf(withMedian(1, 1), withMedian(2.5, 1.05), { noiseFloorPercent: 10 })?.why).toMatch(
      /the median only 5\.0 %/,
    );
  });

  it('single-sample timings count only beyond their wider floor and a minimum difference', () => {
    const run = (ms: number) => timing('wallMs', ms, 0, 1, 'concurrent-edits');
    expect(verdictOf(run(2000), run(3600))?.verdict).toBe('within noise'); // +80 %
    expect(verdictOf(run(2000), run(5000))?.verdict).toBe('regressed'); // +150 %, 3 s
    expect(verdictOf(run(120), run(280))?.verdict).toBe('within noise'); // +133 %, but 160 ms
    const strict = { timing: { singleSampleMinDeltaMs: 0 } };
    expect(verdictOf(run(120), run(280), strict)?.verdict).toBe('regressed');
  });

  it("timing regressions warn by default and fail only with timing.regressions = 'fail'", () => {
    const [base, slower] = [timing('x', 1, 0.1, 100), timing('x', 3, 0.1, 100)];
    expect(verdictOf(base, slower)).toMatchObject({ verdict: 'regressed', fails: false });
    expect(verdictOf(base, slower, { timing: { regressions: 'warn' } })).toMatchObject({ fails: false });
    expect(verdictOf(base, slower, { timing: { regressions: 'fail' } })).toMatchObject({ fails: true });
    // an exact figure still fails by default
    expect(verdictOf(figure('wireBytes', 1000), figure('wireBytes', 1010))?.fails).toBe(true);
  });

  it('figures only in the baseline are missing (and fail); figures only in the current results are new', () => {
    const v = compareFigures([figure('wireBytes', 1)], [figure('storedBytes', 2)], {});
    expect(v.figures.map((f) => [f.metric, f.verdict, f.fails])).toEqual([
      ['wireBytes', 'missing', true],
      ['storedBytes', 'new', false],
    ]);
    expect(compareFigures([figure('wireBytes', 1)], [], { missing: 'warn' }).failed).toBe(false);
  });

  it('resolves thresholds: scenario × metric over scenario over metric over file-wide, by family too', () => {
    const t = parseThresholds(
      {
        tolerancePercent: 1,
        metrics: { wireBytes: { tolerancePercent: 2 }, catchUpMs: { tolerancePercent: 3 } },
        scenarios: {
          'large-workspace': { tolerancePercent: 4, metrics: { wireBytes: { tolerancePercent: 5 } } },
          'editing-trace': { ignore: true },
        },
      },
      'test',
    );
    expect(resolveThresholds(t, 'concurrent-edits', 'storedBytes').tolerancePercent).toBe(1);
    expect(resolveThresholds(t, 'concurrent-edits', 'wireBytes').tolerancePercent).toBe(2);
    expect(resolveThresholds(t, 'concurrent-edits', 'catchUpMs:full bootstrap').tolerancePercent).toBe(3);
    expect(resolveThresholds(t, 'large-workspace', 'storedBytes').tolerancePercent).toBe(4);
    expect(resolveThresholds(t, 'large-workspace', 'wireBytes').tolerancePercent).toBe(5);
    const ignored = compareFigures([figure('wireBytes', 1, { scenario: 'editing-trace' })], [], t);
    expect(ignored).toMatchObject({ ignored: 1, failed: false, figures: [] });
    expect(verdictOf(figure('wireBytes', 100), figure('wireBytes', 101.5), t)?.verdict).toBe('within noise');
  });

  it.each([
    [{ tolerence: 1 }, /\(top level\)\.tolerence is not a setting \(did you mean "tolerancePercent"\?\)/],
    [
      { timing: { regresions: 'fail' } },
      /timing\.regresions is not a setting \(did you mean "regressions"\?\)/,
    ],
    [
      { metrics: { wireBytes: { tolerancePercent: -1 } } },
      /metrics\.wireBytes\.tolerancePercent must be a number of percent/,
    ],
    [{ timing: { alpha: 2 } }, /timing\.alpha must be a number between 0 and 1/],
    [{ scenarios: { x: { metrics: 3 } } }, /scenarios\.x\.metrics must be an object/],
    [[], /\(top level\) must be an object/],
  ])('refuses a bad thresholds file %j, naming the key', (value, message) => {
    expect(() => parseThresholds(value, 'gate.json')).toThrow(UsageError);
    expect(() => parseThresholds(value, 'gate.json')).toThrow(message);
  });

  it('names the scenarios and metrics of a thresholds file that match no figure, with the closest that does', () => {
    const figures = [figure('wireBytes', 1), figure('catchUpBytesIn:full bootstrap', 1)];
    const t = {
      metrics: { wireByte: {}, catchUpBytesIn: {} },
      scenarios: { 'concurent-edits': {}, 'concurrent-edits': { metrics: { 'wireBytes:x': {} } } },
    };
    expect(unmatchedNames(t, figures)).toEqual([
      'metrics.wireByte names no metric in these results (did you mean "wireBytes"?)',
      'scenarios.concurent-edits names no scenario in these results (did you mean "concurrent-edits"?)',
      'scenarios.concurrent-edits.metrics.wireBytes:x names no metric in these results (did you mean "wireBytes"?)',
    ]);
  });
});
