import { describe, expect, it } from 'vitest';
import { randomStream } from '../../src/sim/prng.ts';

const draw = (seed: number, name: string, n = 20): number[] => {
  const s = randomStream(seed, name);
  return Array.from({ length: n }, () => s.next());
};

describe('randomStream', () => {
  it('gives the same draws for the same seed and name', () => {
    expect(draw(7, 'link:a>b')).toEqual(draw(7, 'link:a>b'));
  });

  it('gives independent draws for different names and seeds', () => {
    expect(draw(7, 'link:a>b')).not.toEqual(draw(7, 'link:b>a'));
    expect(draw(7, 'link:a>b')).not.toEqual(draw(8, 'link:a>b'));
  });

  it('is not disturbed by draws from other streams', () => {
    const a = randomStream(3, 'a');
    const first = [a.next(), a.next()];
    const b = randomStream(3, 'b');
    for (let i = 0; i < 100; i++) b.next();
    const again = randomStream(3, 'a');
    expect([again.next(), again.next()]).toEqual(first);
  });

  it('keeps int() within bounds and covers them', () => {
    const s = randomStream(1, 'ints');
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const v = s.int(2, 5);
      expect(v).toBeGreaterThanOrEqual(2);
      expect(v).toBeLessThanOrEqual(5);
      seen.add(v);
    }
    expect([...seen].sort()).toEqual([2, 3, 4, 5]);
  });

  it('draws next() uniformly in [0, 1)', () => {
    const s = randomStream(9, 'u');
    let sum = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const v = s.next();
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(1);
      sum += v;
    }
    expect(sum / n).toBeCloseTo(0.5, 1);
  });
});
