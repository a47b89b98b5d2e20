// The reference client writes its texts through with a native UTF-8 encoder for long strings: the
// bytes must be exactly those of encoding the whole object with msgpack.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeStored, encodeStoredObject } from '../../src/engine/protocol.ts';

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
