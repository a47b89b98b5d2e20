import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TextOperation } from '../../src/engine/text-operation.ts';
import {
  apply,
  checkFits,
  compose,
  deleteAt,
  diff,
  insertAt,
  lengthAfter,
  transform,
} from '../../src/engine/text-operation.ts';

/** A random edit sequence valid on `text`, as one composed operation. */
const editsOn = (text: string) =>
  fc
    .array(fc.tuple(fc.boolean(), fc.nat(), fc.nat({ max: 4 }), fc.string({ minLength: 1, maxLength: 3 })), {
      maxLength: 4,
    })
    .map((edits) => {
      let doc = text;
      let op: TextOperation = [];
      for (const [insert, at, len, str] of edits) {
        const step = insert
          ? insertAt(at % (doc.length + 1), str)
          : deleteAt(at % (doc.length + 1), Math.min(len, doc.length - (at % (doc.length + 1))));
        doc = apply(doc, step);
        op = compose(op, step);
      }
      return op;
    });

const docAndTwoOps = fc
  .string({ maxLength: 12 })
  .chain((doc) => fc.tuple(fc.constant(doc), editsOn(doc), editsOn(doc)));

describe('text operations', () => {
  it('insert and delete at an index', () => {
    expect(apply('hello', insertAt(5, ' world'))).toBe('hello world');
    expect(apply('hello world', deleteAt(0, 6))).toBe('world');
  });

  it('lengthAfter and checkFits agree with apply, without building the text', () => {
    fc.assert(
      fc.property(docAndTwoOps, ([doc, a]) => {
        expect(lengthAfter(a, doc.length)).toBe(apply(doc, a).length);
        expect(() => checkFits(a, doc.length)).not.toThrow();
        if (doc.length > 0) expect(() => checkFits(deleteAt(doc.length - 1, 2), doc.length)).toThrow(/spans/);
      }),
    );
  });

  it('transformed concurrent operations converge (TP1)', () => {
    fc.assert(
      fc.property(docAndTwoOps, ([doc, a, b]) => {
        const [a2, b2] = transform(a, b);
        expect(apply(apply(doc, a), b2)).toBe(apply(apply(doc, b), a2));
      }),
      { seed: 7, numRuns: 500 },
    );
  });

  it('compose equals applying one after the other', () => {
    fc.assert(
      fc.property(
        fc
          .string({ maxLength: 12 })
          .chain((doc) =>
            editsOn(doc).chain((a) => fc.tuple(fc.constant(doc), fc.constant(a), editsOn(apply(doc, a)))),
          ),
        ([doc, a, b]) => {
          expect(apply(doc, compose(a, b))).toBe(apply(apply(doc, a), b));
        },
      ),
      { seed: 11, numRuns: 500 },
    );
  });

  it('keeps both inserts at the same place, the first argument first', () => {
    const [a2, b2] = transform(insertAt(1, 'A'), insertAt(1, 'B'));
    expect(apply(apply('xy', insertAt(1, 'A')), b2)).toBe('xABy');
    expect(apply(apply('xy', insertAt(1, 'B')), a2)).toBe('xABy');
  });
});

describe('diff', () => {
  it('turns one text into the other, and work on the first transforms onto the second keeping its inserts', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', 'é', '😀'), maxLength: 30 });
    fc.assert(
      fc.property(text, text, fc.nat(), fc.string({ minLength: 1, maxLength: 4 }), (a, b, at, typed) => {
        const d = diff(a, b);
        expect(apply(a, d)).toBe(b);
        const local = insertAt(at % (a.length + 1), `{${typed}}`);
        const [rebased] = transform(local, d);
        expect(apply(b, rebased)).toContain(`{${typed}}`);
      }),
    );
  });
});
