/**
 * Seeded randomness for the simulation: one run seed, split into independent named streams
 * (per link, per replica's workload, per backoff timer) so that adding a replica or a link
 * does not reshuffle the draws of the others. The generator is pure-rand's xoroshiro128+.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** A deterministic stream of random draws. */
export interface RandomStream {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** A new independent stream whose seed derives from this stream's seed and `name`. */
  fork(name: string): RandomStream;
}

/** FNV-1a over the UTF-16 code units of `text`, as an unsigned 32-bit integer. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** The stream named `name` of the run with seed `seed`. */
export function randomStream(seed: number, name: string): RandomStream {
  const key = `${seed}/${name}`;
  const rng = xoroshiro128plus(hash32(key) ^ (hash32(`${key}#`) * 31));
  const stream: RandomStream = {
    next: () => uniformFloat64(rng),
    int: (min, max) => uniformInt(rng, min, max),
    chance: (p) => p > 0 && uniformFloat64(rng) < p,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new RangeError('pick() needs a non-empty array');
      return items[uniformInt(rng, 0, items.length - 1)] as T;
    },
    fork: (child) => randomStream(seed, `${name}/${child}`),
  };
  return stream;
}

/** `bytes` random bytes from `stream` as lower-case hex (ids engines want from the seed). */
export function randomHex(stream: RandomStream, bytes: number): string {
  let hex = '';
  for (let i = 0; i < bytes; i++) hex += stream.int(0, 255).toString(16).padStart(2, '0');
  return hex;
}

/** A 32-bit integer hash with good avalanche (Chris Wellons' lowbias32). */
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * Random draws keyed by an item's index: `at(i)` is a stream whose draws depend only on the
 * run's seed, `name` and `i`, never on how many draws earlier items took. A link keys each
 * message's fate (latency, loss, reset) by the message's index on that link, so a case with one
 * message fewer leaves the others' fates as they were. `at` returns the same object each time,
 * repositioned: draw from it before the next `at`.
 */
export interface KeyedStream {
  at(index: number): RandomStream;
}

export function keyedStream(seed: number, name: string): KeyedStream {
  const key = `${seed}/${name}`;
  const base = hash32(key);
  const base2 = hash32(`${key}#`);
  let item = 0;
  let itemHash = 0;
  let draw = 0;
  const u32 = (): number => mix32((itemHash + Math.imul(++draw, 0x9e3779b9)) ^ base);
  const next = (): number => (u32() * 2 ** 21 + (u32() >>> 11)) / 2 ** 53;
  const stream: RandomStream = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => p > 0 && next() < p,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new RangeError('pick() needs a non-empty array');
      return items[Math.floor(next() * items.length)] as T;
    },
    fork: (child) => randomStream(seed, `${name}/${item}/${child}`),
  };
  return {
    at(index: number): RandomStream {
      item = index;
      itemHash = mix32(index ^ base2);
      draw = 0;
      return stream;
    },
  };
}
