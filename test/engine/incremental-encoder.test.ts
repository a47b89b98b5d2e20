// The reference client's meta is written through on every op: its incremental encoder must give
// exactly the bytes of encoding the whole object, whatever changed since the last save.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeStored, encodeStoredObject, IncrementalMapEncoder } from '../../src/engine/protocol.ts';

interface Meta {
  s: number;
  n: number;
  known: number;
  clock: [number, number, string];
  pending: { n?: number; m: { k: string; c: string; id: string; f?: Record<string, unknown> } }[];
  v: number;
}

const mutation = fc.record(
  {
    k: fc.constantFrom('create', 'update', 'delete'),
    c: fc.string({ maxLength: 4 }),
    id: fc.string({ maxLength: 6 }),
    f: fc.dictionary(fc.string({ maxLength: 3 }), fc.oneof(fc.integer(), fc.string(), fc.boolean())),
  },
  { requiredKeys: ['k', 'c', 'id'] },
);
const step = fc.oneof(
  fc.record({ push: mutation }),
  fc.record({ send: fc.nat() }),
  fc.record({ drop: fc.nat() }),
  fc.record({ tick: fc.integer({ min: 0, max: 1e6 }) }),
);

describe('IncrementalMapEncoder', () => {
  it('gives the bytes of encodeStored for every state of a queue pushed, sent, acknowledged', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const meta: Meta = { s: 0, n: 0, known: 0, clock: [0, 0, ''], pending: [], v: 1 };
        const encoder = new IncrementalMapEncoder<Meta>('pending');
        for (const s of steps) {
          if ('push' in s) meta.pending.push({ m: s.push });
          else if ('send' in s) {
            const p = meta.pending[s.send % Math.max(1, meta.pending.length)];
            if (p) p.n ??= ++meta.n;
          } else if ('drop' in s) meta.pending = meta.pending.filter((_, i) => i !== s.drop % 5);
          else meta.clock = [s.tick, 0, 'c1'];
          expect(encoder.encode(meta)).toEqual(encodeStored(meta));
        }
      }),
    );
  });

  it('gives the same bytes past the one-byte headers (16 keys, 16 and 65,536 elements)', () => {
    const wide = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, i]));
    const big = { list: Array.from({ length: 70_000 }, (_, i) => ({ i })) };
    expect(new IncrementalMapEncoder<typeof wide>('k0').encode(wide)).toEqual(encodeStored(wide));
    const encoder = new IncrementalMapEncoder<typeof big>('list');
    expect(encoder.encode(big)).toEqual(encodeStored(big));
    big.list = big.list.slice(0, 20);
    expect(encoder.encode(big)).toEqual(encodeStored(big));
  });
});

describe('encodeStoredObject', () => {
  it('gives the bytes of encodeStored for objects with long texts of any characters', () => {
    const text = fc.string({
      unit: fc.oneof(
        fc.constant('a'),
        fc.constant('é'),
        fc.constant('€'),
        fc.constant('😀'),
        fc.constant('\ud800'),
      ),
      minLength: 0,
      maxLength: 400,
    });
    fc.assert(
      fc.property(
        fc.record({
          text,
          rev: fc.nat(),
          out: fc.option(fc.record({ n: fc.nat(), op: fc.array(fc.oneof(fc.nat(), fc.string())) }), {
            nil: undefined,
          }),
        }),
        (sync) => {
          expect(encodeStoredObject(sync)).toEqual(encodeStored(sync));
        },
      ),
    );
    for (const length of [300, 70_000, 100_000]) {
      const sync = { text: 'x€'.repeat(length / 2), rev: 3 };
      expect(encodeStoredObject(sync)).toEqual(encodeStored(sync));
    }
  });
});
