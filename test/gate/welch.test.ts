// Welch's t-test against textbook values: Student's t critical values and a worked example.
import { describe, expect, it } from 'vitest';
import { regularizedBeta, studentTwoSidedP, welchTest } from '../../src/gate/welch.ts';

describe("Welch's t-test", () => {
  it.each([
    [2.228, 10, 0.05],
    [3.169, 10, 0.01],
    [1.96, 1e6, 0.05],
    [2.576, 1e6, 0.01],
    [12.706, 1, 0.05],
  ])('P(|T| ≥ %s) with %s degrees of freedom is %s', (t, df, p) => {
    expect(studentTwoSidedP(t, df)).toBeCloseTo(p, 3);
  });

  it('has the incomplete beta function of known closed forms', () => {
    expect(regularizedBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12); // uniform
    expect(regularizedBeta(0.5, 2, 2)).toBeCloseTo(0.5, 12); // symmetric
    expect(regularizedBeta(0.2, 1, 3)).toBeCloseTo(1 - 0.8 ** 3, 12);
  });

  it('finds no difference between identical summaries and a clear one between distant means', () => {
    const a = { mean: 10, sd: 2, n: 30 };
    expect(welchTest(a, a)?.p).toBeCloseTo(1, 10);
    expect(welchTest({ mean: 12, sd: 2, n: 30 }, a)?.p).toBeLessThan(0.001);
  });

  it('agrees with scipy.stats.ttest_ind_from_stats(..., equal_var=False)', () => {
    // scipy: statistic -2.4850550437599543, pvalue 0.01933963535319235
    const r = welchTest({ mean: 20.82, sd: 2.56, n: 15 }, { mean: 22.99, sd: 2.21, n: 15 });
    expect(r?.t).toBeCloseTo(-2.4850550437599543, 10);
    expect(r?.df).toBeCloseTo(27.4159, 3);
    expect(r?.p).toBeCloseTo(0.01933963535319235, 10);
  });

  it('cannot test a single sample', () => {
    expect(welchTest({ mean: 1, sd: 0, n: 1 }, { mean: 2, sd: 0, n: 5 })).toBeUndefined();
  });
});
