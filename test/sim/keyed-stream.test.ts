// Keyed draws: a message's fate depends on the seed, its link and its index on that link only,
// so shrinking a fuzz case (one step fewer) leaves the other messages' losses and latencies alone.
import { describe, expect, it } from 'vitest';
import { keyedStream } from '../../src/sim/prng.ts';

describe('keyedStream', () => {
  it('gives an index the same draws however many draws other indices took', () => {
    const a = keyedStream(7, 'link:c1>server');
    const b = keyedStream(7, 'link:c1>server');
    const firstOf = (s: ReturnType<typeof keyedStream>, i: number): number[] => {
      const r = s.at(i);
      return [r.next(), r.next(), r.int(0, 99)];
    };
    for (let i = 0; i < 10; i++) a.at(i).next(); // a takes one draw per index, b none
    for (let i = 0; i < 40; i++) b.at(i * 3).next();
    expect(firstOf(a, 5)).toEqual(firstOf(b, 5));
    expect(firstOf(a, 5)).not.toEqual(firstOf(a, 6));
    expect(firstOf(keyedStream(8, 'link:c1>server'), 5)).not.toEqual(firstOf(a, 5));
    expect(firstOf(keyedStream(7, 'link:server>c1'), 5)).not.toEqual(firstOf(a, 5));
  });

  it('draws uniformly: chance(p) comes true about p of the time, across indices and draws', () => {
    const s = keyedStream(1, 'link:c2>server');
    let hits = 0;
    let sum = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const r = s.at(i);
      if (r.chance(0.1)) hits++;
      sum += r.next();
    }
    expect(hits / n).toBeGreaterThan(0.09);
    expect(hits / n).toBeLessThan(0.11);
    expect(sum / n).toBeGreaterThan(0.49);
    expect(sum / n).toBeLessThan(0.51);
  });
});
