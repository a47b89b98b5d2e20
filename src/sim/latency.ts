/**
 * Samples one-way latency from a link profile. Every distribution has mean `delay` (before
 * clamping at 0) and a spread governed by `jitter`:
 * - constant: exactly `delay`;
 * - uniform: `delay ± jitter` (sd = jitter/√3);
 * - normal: `delay + jitter·N(0,1)` (sd = jitter);
 * - exponential: `delay − jitter + Exp(mean jitter)` (sd = jitter, floor delay − jitter);
 * - pareto: `delay − jitter + Pareto(α = 2.5, mean jitter)` — a long tail (sd ≈ 0.89·jitter).
 */
import type { LinkProfile } from './link-profile.ts';
import type { RandomStream } from './prng.ts';

const PARETO_SHAPE = 2.5;

/** One latency draw in ms, never negative. */
export function sampleLatency(profile: LinkProfile, random: RandomStream): number {
  const { delay, jitter } = profile;
  if (jitter === 0) return delay;
  let value: number;
  switch (profile.distribution) {
    case 'constant':
      value = delay;
      break;
    case 'uniform':
      value = delay + (2 * random.next() - 1) * jitter;
      break;
    case 'normal': {
      // Box–Muller; 1 - next() is in (0, 1], so the log is finite.
      const u = 1 - random.next();
      const v = random.next();
      value = delay + jitter * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
      break;
    }
    case 'exponential':
      value = delay - jitter - jitter * Math.log(1 - random.next());
      break;
    case 'pareto': {
      const scale = (jitter * (PARETO_SHAPE - 1)) / PARETO_SHAPE;
      value = delay - jitter + scale / Math.pow(1 - random.next(), 1 / PARETO_SHAPE);
      break;
    }
  }
  return Math.max(0, value);
}
