/**
 * A text kept in chunks of a few thousand characters, so that applying a keystroke's operation
 * rewrites one chunk, not the whole text: a JavaScript string edited in place is rebuilt (and
 * its predecessor left to the garbage collector) on every operation, which made each keystroke
 * cost the length of the document on every replica. The whole string is built when someone
 * reads it, and kept until the next change.
 */
import type { TextOperation } from './text-operation.ts';
import { checkFits } from './text-operation.ts';

/** A chunk grown past twice this is split; chunks are joined at reads only. */
const CHUNK_CHARS = 2_048;

export class TextRope {
  private chunks: string[];
  private whole: string | undefined;
  private size: number;

  constructor(text = '') {
    this.chunks = [];
    for (let at = 0; at < text.length; at += CHUNK_CHARS) this.chunks.push(text.slice(at, at + CHUNK_CHARS));
    this.whole = text;
    this.size = text.length;
  }

  get length(): number {
    return this.size;
  }

  toString(): string {
    this.whole ??= this.chunks.join('');
    return this.whole;
  }

  toJSON(): string {
    return this.toString();
  }

  /** Applies `op` in place; throws, changing nothing, if it does not fit the text. */
  apply(op: TextOperation): void {
    checkFits(op, this.size);
    let at = 0;
    for (const c of op) {
      if (typeof c === 'string') {
        this.splice(at, 0, c);
        at += c.length;
      } else if (c > 0) at += c;
      else this.splice(at, -c, '');
    }
  }

  /** Replaces `remove` characters at `at` by `insert`. */
  private splice(at: number, remove: number, insert: string): void {
    this.whole = undefined;
    this.size += insert.length - remove;
    const chunks = this.chunks;
    if (chunks.length === 0) {
      if (insert !== '') chunks.push(insert);
      return;
    }
    // The first chunk reaching `at` (an insert at a chunk's end goes into that chunk).
    let i = 0;
    let start = 0;
    while (i < chunks.length - 1 && start + (chunks[i] as string).length < at) {
      start += (chunks[i] as string).length;
      i++;
    }
    // A delete may run on into the following chunks: each loses its part.
    let offset = at - start;
    let rest = remove;
    let chunk = chunks[i] as string;
    while (offset + rest > chunk.length && i < chunks.length - 1) {
      rest -= chunk.length - offset;
      chunks[i] = chunk.slice(0, offset);
      chunk = chunks[++i] as string;
      offset = 0;
    }
    chunk = chunk.slice(0, offset) + insert + chunk.slice(offset + rest);
    chunks[i] = chunk;
    if (chunk.length > 2 * CHUNK_CHARS) {
      const pieces: string[] = [];
      for (let s = 0; s < chunk.length; s += CHUNK_CHARS) pieces.push(chunk.slice(s, s + CHUNK_CHARS));
      chunks.splice(i, 1, ...pieces);
    }
    if (remove > 0) this.chunks = chunks.filter((c) => c.length > 0);
  }
}
