import { describe, expect, it } from 'vitest';
import { sampleLatency } from '../../src/sim/latency.ts';
import type { LatencyDistribution, LinkProfile } from '../../src/sim/link-profile.ts';
import { PROFILES } from '../../src/sim/link-profile.ts';
import { randomStream } from '../../src/sim/prng.ts';

function stats(distribution: LatencyDistribution, delay: number, jitter: number) {
  const profile: LinkProfile = { ...PROFILES.lan, delay, jitter, distribution };
  const random = randomStream(11, `latency:${distribution}`);
  const n = 50_000;
  const xs = Array.from({ length: n }, () => sampleLatency(profile, random));
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
  return { mean, sd, min: Math.min(...xs), max: Math.max(...xs) };
}

describe('sampleLatency', () => {
  it('constant gives exactly the delay', () => {
    expect(stats('constant', 40, 10)).toMatchObject({ mean: 40, sd: 0 });
  });

  it.each([
    ['uniform', 10 / Math.sqrt(3)],
    ['normal', 10],
    ['exponential', 10],
  ] as const)('%s has mean = delay and the documented spread', (distribution, expectedSd) => {
    const s = stats(distribution, 100, 10);
    expect(Math.abs(s.mean - 100)).toBeLessThan(0.5);
    expect(Math.abs(s.sd - expectedSd) / expectedSd).toBeLessThan(0.05);
  });

  it('uniform stays within delay ± jitter', () => {
    const s = stats('uniform', 100, 10);
    expect(s.min).toBeGreaterThanOrEqual(90);
    expect(s.max).toBeLessThanOrEqual(110);
  });

  it('pareto has mean = delay and a long tail', () => {
    const s = stats('pareto', 100, 20);
    expect(Math.abs(s.mean - 100)).toBeLessThan(1.5);
    expect(s.min).toBeGreaterThanOrEqual(100 - 20);
    // A long tail: the largest draw lies far beyond what a normal with the same spread gives.
    expect(s.max).toBeGreaterThan(100 + 10 * 20);
  });

  it('never returns a negative latency', () => {
    expect(stats('normal', 1, 10).min).toBeGreaterThanOrEqual(0);
  });
});
