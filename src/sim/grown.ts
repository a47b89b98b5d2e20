/** Typed-array columns (journal, event queue, messages in flight) grow by doubling. */

type Column = Float64Array | Int32Array | Uint16Array | Uint8Array;

/** A copy of `a` twice as long (the new half zeroed). */
export function grown<A extends Column>(a: A): A {
  const b = new (a.constructor as new (n: number) => A)(a.length * 2);
  b.set(a);
  return b;
}
