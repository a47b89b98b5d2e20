import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson } from '../../src/contract/canonical.ts';

/** The definition canonicalJson must keep: JSON.stringify of a copy with sorted keys. */
function viaSortedCopy(value: unknown): string {
  const sortKeys = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map(sortKeys);
    const out = Object.create(null) as Record<string, unknown>; // so a `__proto__` key is an own key
    for (const key of Object.keys(v).sort()) out[key] = sortKeys((v as Record<string, unknown>)[key]);
    return out;
  };
  return JSON.stringify(sortKeys(value));
}

describe('canonicalJson', () => {
  it('sorts keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('puts array-index keys first in numeric order, as a sorted copy enumerates them', () => {
    expect(canonicalJson({ b: 1, '10': 2, '2': 3, a: 4, '01': 5 })).toBe('{"2":3,"10":2,"01":5,"a":4,"b":1}');
  });

  it('leaves out undefined and functions in objects and writes null for them in arrays', () => {
    expect(canonicalJson({ a: undefined, b: () => 1, c: [undefined, () => 1, NaN, -0] })).toBe(
      '{"c":[null,null,null,0]}',
    );
  });

  it('keeps a "__proto__" key (a sorted copy made with {} lost it)', () => {
    expect(canonicalJson(JSON.parse('{"__proto__":{"x":1},"a":2}'))).toBe('{"__proto__":{"x":1},"a":2}');
  });

  it('escapes keys and strings as JSON.stringify does', () => {
    expect(canonicalJson({ 'q"\n': 'é\u2028"\\' })).toBe(JSON.stringify({ 'q"\n': 'é\u2028"\\' }));
  });

  it('equals JSON.stringify of a sorted copy for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(viaSortedCopy(value));
      }),
      { numRuns: 2000, seed: 17 },
    );
  });
});
