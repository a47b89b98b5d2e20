/**
 * What can happen to a client's copy of a text, as events: the client's store applies each one
 * to the text's state and appends it to the text's log in durable storage, and a restarted client
 * replays the log over the last snapshot through the same function. So a keystroke costs its own
 * size to persist, not the whole text's (`client-store.ts` compacts the log into a new snapshot
 * once the log outgrows it).
 */
import type { TextOperation } from './text-operation.ts';
import { compose, transform } from './text-operation.ts';
import { TextRope } from './text-rope.ts';

/** A client's copy of one text (the Jupiter / ot.js client state: see `client-text-sync.ts`). */
export interface TextSync {
  /** The text as the server confirmed it. */
  text: TextRope;
  rev: number;
  /** The operation sent and not yet acknowledged, with its transaction number. */
  out?: { readonly n: number; op: TextOperation };
  /** Local operations made since, composed, not sent yet. */
  buf?: TextOperation;
}

export type TextEvent =
  /** A local edit, composed into the buffer. */
  | { readonly e: 'edit'; readonly op: TextOperation }
  /** The buffer goes out as transaction `n`. */
  | { readonly e: 'send'; readonly n: number }
  /** The server's change to the confirmed text, producing revision `r`; `own`: it acknowledges `out`. */
  | { readonly e: 'change'; readonly op: TextOperation; readonly r: number; readonly own?: true }
  /** The server accepted `out` (revision `r`, or the next one). */
  | { readonly e: 'ack'; readonly r?: number }
  /**
   * The server sent the text whole: it replaces the confirmed text, and the local edits not yet
   * in it become `buf` (rebased onto it), or are dropped when there is none.
   */
  | { readonly e: 'reset'; readonly text: string; readonly r: number; readonly buf?: TextOperation };

/** A text's state as stored: the same, with the text as a string. */
export interface StoredTextSync extends Omit<TextSync, 'text'> {
  readonly text: string;
}

export function storedTextSync(sync: TextSync): StoredTextSync {
  const { text, ...rest } = sync;
  return { text: text.toString(), ...rest };
}

export function fromStoredTextSync(stored: StoredTextSync): TextSync {
  return { ...stored, text: new TextRope(stored.text) };
}

/** Applies `event` to `sync` (in place). */
export function applyTextEvent(sync: TextSync, event: TextEvent): void {
  switch (event.e) {
    case 'edit':
      sync.buf = sync.buf ? compose(sync.buf, event.op) : event.op;
      return;
    case 'send':
      if (!sync.buf) return;
      sync.out = { n: event.n, op: sync.buf };
      sync.buf = undefined;
      return;
    case 'change': {
      sync.text.apply(event.op);
      sync.rev = event.r;
      if (event.own) {
        sync.out = undefined; // acknowledged: the server's version of it is `op`
        return;
      }
      let incoming = event.op;
      if (sync.out) [sync.out.op, incoming] = transform(sync.out.op, incoming);
      if (sync.buf) [sync.buf] = transform(sync.buf, incoming);
      return;
    }
    case 'ack':
      if (!sync.out) return;
      sync.text.apply(sync.out.op);
      sync.rev = event.r ?? sync.rev + 1;
      sync.out = undefined;
      return;
    case 'reset':
      sync.text = new TextRope(event.text);
      sync.rev = event.r;
      sync.out = undefined;
      sync.buf = event.buf;
      return;
  }
}
