/**
 * Tagged text tokens. Generated text edits insert and delete whole tokens such as `{c3.17}`,
 * so every inserted piece of text can be traced: a token that was inserted, never deleted, and
 * is missing from the converged text is a lost insert.
 */

const TOKEN = /\{[a-z0-9-]+\.\d+\}/g;

/** A token found in a text, with its UTF-16 offset. */
export interface TokenAt {
  readonly token: string;
  readonly index: number;
}

/** The token tagging insert number `seq` of `replica`. */
export function makeToken(replica: string, seq: number): string {
  return `{${replica}.${seq}}`;
}

/** Every token in `text`, in order. */
export function tokensIn(text: string): TokenAt[] {
  return [...text.matchAll(TOKEN)].map((m) => ({ token: m[0], index: m.index }));
}

/** Offsets where a whole token can be inserted: the start, and the end of each token. */
export function tokenBoundaries(text: string): number[] {
  return [0, ...tokensIn(text).map((t) => t.index + t.token.length)];
}
