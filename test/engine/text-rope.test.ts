// The reference engine keeps texts in chunks: every operation must leave exactly the string
// that applying it to a plain string gives, across chunk boundaries and splits.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TextOperation } from '../../src/engine/text-operation.ts';
import { apply, compose, deleteAt, insertAt } from '../../src/engine/text-operation.ts';
import { TextRope } from '../../src/engine/text-rope.ts';

const edit = fc.tuple(
  fc.boolean(),
  fc.nat(),
  fc.nat({ max: 5_000 }),
  fc.string({ minLength: 1, maxLength: 3_000 }),
);

describe('TextRope', () => {
  it('gives what apply gives on a string, for single and composed edits of long texts', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 9_000 }),
        fc.array(fc.tuple(edit, fc.boolean()), { maxLength: 25 }),
        (start, edits) => {
          const rope = new TextRope(start);
          let text = start;
          let pending: TextOperation = [];
          let pendingBase = text;
          for (const [[insert, at, length, str], flush] of edits) {
            const current = apply(pendingBase, pending);
            const index = at % (current.length + 1);
            const op = insert
              ? insertAt(index, str)
              : deleteAt(index, Math.min(length, current.length - index));
            pending = compose(pending, op);
            if (flush) {
              rope.apply(pending);
              text = apply(text, pending);
              pendingBase = text;
              pending = [];
              expect(rope.length).toBe(text.length);
              expect(rope.toString()).toBe(text);
            }
          }
          rope.apply(pending);
          expect(rope.toString()).toBe(apply(text, pending));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('types a long text keystroke by keystroke, and refuses an operation that does not fit', () => {
    const rope = new TextRope();
    let text = '';
    for (let i = 0; i < 20_000; i++) {
      const at = (i * 7919) % (text.length + 1);
      const op =
        i % 5 === 4 && text.length > 0
          ? deleteAt(at % text.length, 1)
          : insertAt(at, String.fromCharCode(97 + (i % 26)));
      rope.apply(op);
      text = apply(text, op);
    }
    expect(rope.toString()).toBe(text);
    for (const op of [
      deleteAt(1_000, 7_000),
      insertAt(3_000, 'y'.repeat(5_000)),
      deleteAt(0, 2_048),
      [2_048, -1, 'z'],
    ]) {
      rope.apply(op);
      text = apply(text, op);
      expect(rope.toString()).toBe(text);
    }
    expect(() => rope.apply(deleteAt(text.length, 1))).toThrow(/spans/);
    expect(rope.toString()).toBe(text);
  });
});
