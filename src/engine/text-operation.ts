/**
 * Plain-text operations for server-side operational transformation, in the classic
 * retain / insert / delete form (as ot.js and Google Wave use): an operation walks the whole
 * document, retaining `n` characters (a positive number), inserting a string, or deleting `n`
 * characters (a negative number). `transform` makes two concurrent operations applicable one
 * after the other; `compose` merges consecutive ones. Offsets are UTF-16 code units.
 */

/** A retain (n > 0), an insert (string) or a delete (n < 0). */
export type Component = number | string;

export type TextOperation = readonly Component[];

const isRetain = (c: Component | undefined): c is number => typeof c === 'number' && c > 0;
const isDelete = (c: Component | undefined): c is number => typeof c === 'number' && c < 0;
const isInsert = (c: Component | undefined): c is string => typeof c === 'string';

/** Builds an operation, merging neighbours of the same kind and keeping inserts before deletes. */
class Builder {
  readonly ops: Component[] = [];

  retain(n: number): this {
    if (n <= 0) return this;
    const last = this.ops[this.ops.length - 1];
    if (isRetain(last)) this.ops[this.ops.length - 1] = last + n;
    else this.ops.push(n);
    return this;
  }

  insert(text: string): this {
    if (text === '') return this;
    const ops = this.ops;
    const last = ops[ops.length - 1];
    if (isInsert(last)) ops[ops.length - 1] = last + text;
    else if (isDelete(last)) {
      const before = ops[ops.length - 2];
      if (isInsert(before)) ops[ops.length - 2] = before + text;
      else ops.splice(ops.length - 1, 0, text);
    } else ops.push(text);
    return this;
  }

  delete(n: number): this {
    if (n <= 0) return this;
    const last = this.ops[this.ops.length - 1];
    if (isDelete(last)) this.ops[this.ops.length - 1] = last - n;
    else this.ops.push(-n);
    return this;
  }

  /** Drops a trailing retain: an operation that ends by keeping the rest says so implicitly. */
  build(): TextOperation {
    const last = this.ops[this.ops.length - 1];
    if (isRetain(last)) this.ops.pop();
    return this.ops;
  }
}

/** Length of the document the operation applies to (its trailing retain is implicit). */
function baseLength(op: TextOperation): number {
  let n = 0;
  for (const c of op) if (typeof c === 'number') n += Math.abs(c);
  return n;
}

/** `index`, `text` or `length` of a workload edit, as an operation on a document of `docLength`. */
export function insertAt(index: number, text: string): TextOperation {
  return new Builder().retain(index).insert(text).build();
}

export function deleteAt(index: number, length: number): TextOperation {
  return new Builder().retain(index).delete(length).build();
}

/** Throws if `op` does not fit a document of `length` characters (as `apply` would). */
export function checkFits(op: TextOperation, length: number): void {
  if (baseLength(op) > length)
    throw new Error(`operation spans ${baseLength(op)} characters, the text has ${length}`);
}

/** How many characters a document of `length` has after `op`. */
export function lengthAfter(op: TextOperation, length: number): number {
  let n = length;
  for (const c of op) n += typeof c === 'string' ? c.length : Math.min(0, c);
  return n;
}

/** Applies `op` to `text`; throws if the operation does not fit the document. */
export function apply(text: string, op: TextOperation): string {
  checkFits(op, text.length);
  let out = '';
  let at = 0;
  for (const c of op) {
    if (isInsert(c)) out += c;
    else if (isRetain(c)) {
      out += text.slice(at, at + c);
      at += c;
    } else at -= c as number;
  }
  return out + text.slice(at);
}

/** Cursor over an operation's components, splitting them as the other side needs. */
class Cursor {
  private index = 0;
  private head: Component | undefined;

  constructor(private readonly op: TextOperation) {
    this.head = op[0];
  }

  /** The current component, or an implicit retain of everything once the op is used up. */
  peek(): Component | undefined {
    return this.head;
  }

  /** Consumes `n` characters of the current component, or all of it. */
  take(n?: number): void {
    const head = this.head;
    if (n !== undefined && typeof head === 'string' && n < head.length) {
      this.head = head.slice(n);
      return;
    }
    if (n !== undefined && typeof head === 'number' && n < Math.abs(head)) {
      this.head = head > 0 ? head - n : head + n;
      return;
    }
    this.head = this.op[++this.index];
  }
}

const INFINITE = Number.MAX_SAFE_INTEGER;

/**
 * Transforms concurrent `a` and `b` (both on the same document) into `[a', b']` with
 * apply(apply(d, a), b') = apply(apply(d, b), a'). Inserts at the same place: `a` goes first.
 */
export function transform(a: TextOperation, b: TextOperation): [TextOperation, TextOperation] {
  const outA = new Builder();
  const outB = new Builder();
  const ca = new Cursor(a);
  const cb = new Cursor(b);
  for (;;) {
    const x = ca.peek();
    const y = cb.peek();
    if (x === undefined && y === undefined) break;
    if (isInsert(x)) {
      outA.insert(x);
      outB.retain(x.length);
      ca.take();
      continue;
    }
    if (isInsert(y)) {
      outA.retain(y.length);
      outB.insert(y);
      cb.take();
      continue;
    }
    // Both are retains or deletes now; a used-up side retains the rest implicitly.
    const xn = x === undefined ? INFINITE : x;
    const yn = y === undefined ? INFINITE : y;
    const n = Math.min(Math.abs(xn), Math.abs(yn));
    if (n === INFINITE) break;
    if (xn > 0 && yn > 0) {
      outA.retain(n);
      outB.retain(n);
    } else if (xn < 0 && yn > 0) outA.delete(n);
    else if (xn > 0 && yn < 0) outB.delete(n);
    // Both delete the same characters: neither needs to any more.
    if (x !== undefined) ca.take(n);
    if (y !== undefined) cb.take(n);
  }
  return [outA.build(), outB.build()];
}

/** One operation with the effect of `a` followed by `b`. */
export function compose(a: TextOperation, b: TextOperation): TextOperation {
  const out = new Builder();
  const ca = new Cursor(a);
  const cb = new Cursor(b);
  for (;;) {
    const x = ca.peek();
    const y = cb.peek();
    if (x === undefined && y === undefined) break;
    if (isDelete(x)) {
      out.delete(-x);
      ca.take();
      continue;
    }
    if (isInsert(y)) {
      out.insert(y);
      cb.take();
      continue;
    }
    if (isInsert(x)) {
      // b retains or deletes what a inserted (or a's rest is implicit).
      const yn = y === undefined ? INFINITE : y;
      const n = Math.min(x.length, Math.abs(yn));
      if (yn > 0) out.insert(x.slice(0, n)); // b deletes the rest of what a inserted
      ca.take(n);
      if (y !== undefined) cb.take(n);
      continue;
    }
    const xn = x === undefined ? INFINITE : (x as number);
    const yn = y === undefined ? INFINITE : y;
    const n = Math.min(xn, Math.abs(yn));
    if (n === INFINITE) break;
    if (yn > 0) out.retain(n);
    else out.delete(n);
    if (x !== undefined) ca.take(n);
    if (y !== undefined) cb.take(n);
  }
  return out.build();
}

/**
 * An operation turning text `a` into text `b`: their common start and end retained, the middle
 * replaced. It stands in for changes whose history is gone, so that work made on `a` can still
 * be transformed onto `b` (as differential synchronisation does): an insert inside the replaced
 * middle lands at its start.
 */
export function diff(a: string, b: string): TextOperation {
  let start = 0;
  const shorter = Math.min(a.length, b.length);
  while (start < shorter && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  let end = 0;
  while (end < shorter - start && a.charCodeAt(a.length - 1 - end) === b.charCodeAt(b.length - 1 - end))
    end++;
  return new Builder()
    .retain(start)
    .insert(b.slice(start, b.length - end))
    .delete(a.length - start - end)
    .retain(end)
    .build();
}
