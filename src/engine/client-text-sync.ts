/**
 * The client's side of collaborative text, as in the Jupiter / ot.js protocol: per text, at most
 * one operation is out at the server (`out`, numbered like every transaction) and what is typed
 * meanwhile is composed into a buffer (`buf`). An acknowledgement applies the operation to the
 * confirmed text and sends the buffer as the next one; a change ordered first by the server is
 * applied to the confirmed text and both local operations are transformed against it. A text the
 * server sends whole (its history no longer reaches this client) replaces the confirmed text, and
 * local edits it can no longer transform are rolled back.
 */
import type { ClientStore } from './client-store.ts';
import type { ClientMessage, Effect, Mutation } from './protocol.ts';
import type { TextOperation } from './text-operation.ts';
import { apply, compose, diff, transform } from './text-operation.ts';

type TextEffect = Extract<Effect, { k: 'text' }>;

export class ClientTextSync {
  constructor(
    private readonly store: ClientStore,
    private readonly send: (message: ClientMessage) => void,
  ) {}

  /** A local edit of `doc` (already checked to fit its local text): sent now if nothing is out and `live`. */
  edit(doc: string, op: TextOperation, live: boolean): void {
    this.store.textEvent(doc, { e: 'edit', op });
    if (live && !this.store.text(doc).out) this.sendNext(doc);
  }

  /** The operations out at the server, as transactions to resend after a reconnect. */
  outstanding(): { n: number; m: Mutation }[] {
    const out: { n: number; m: Mutation }[] = [];
    for (const [doc, sync] of this.store.texts)
      if (sync.out) out.push({ n: sync.out.n, m: { k: 'text', d: doc, r: sync.rev, op: sync.out.op } });
    return out;
  }

  /** Sends the buffer of every text that has nothing out. */
  sendBuffered(): void {
    for (const [doc, sync] of this.store.texts) if (!sync.out) this.sendNext(doc);
  }

  /** A change to `e.d` from the server; `own` is this client's transaction number when it is its own. */
  change(e: TextEffect, own: number | undefined, live: boolean): void {
    const acknowledges = own !== undefined && this.store.text(e.d).out?.n === own;
    this.store.textEvent(
      e.d,
      acknowledges ? { e: 'change', op: e.op, r: e.r, own: true } : { e: 'change', op: e.op, r: e.r },
    );
    if (acknowledges && live) this.sendNext(e.d);
  }

  /** The server accepted transaction `n`, if it is a text operation out (`rev`: the text's new revision). */
  acknowledged(n: number, rev: number | undefined, live: boolean): void {
    for (const [doc, sync] of this.store.texts) {
      if (sync.out?.n !== n) continue;
      this.store.textEvent(doc, rev === undefined ? { e: 'ack' } : { e: 'ack', r: rev });
      if (live) this.sendNext(doc);
    }
  }

  /**
   * `doc` as the server holds it now (`text` at revision `rev`), sent whole because its history
   * no longer reaches this client's revision. The local work the server does not have yet (the
   * operation out, unless `processed` says the server applied it, and the buffer) is rebased onto
   * it: transformed against the difference between the text it was made on and `text`, so that
   * nothing typed offline is lost however long ago the client last synced. It goes out as the
   * next operation.
   */
  reset(doc: string, text: string, rev: number, processed: (n: number) => boolean): void {
    const sync = this.store.text(doc);
    let base = sync.text.toString();
    let local: TextOperation | undefined;
    if (sync.out) {
      if (processed(sync.out.n)) base = apply(base, sync.out.op);
      else local = sync.out.op;
    }
    if (sync.buf) local = local ? compose(local, sync.buf) : sync.buf;
    const rebased = local && transform(local, diff(base, text))[0];
    this.store.textEvent(
      doc,
      rebased ? { e: 'reset', text, r: rev, buf: rebased } : { e: 'reset', text, r: rev },
    );
  }

  /** Sends what was typed in `doc` since the last acknowledgement as its next operation. */
  private sendNext(doc: string): void {
    const sync = this.store.text(doc);
    if (!sync.buf) return;
    this.store.textEvent(doc, { e: 'send', n: ++this.store.meta.n });
    const out = sync.out as { n: number; op: TextOperation };
    this.send({ t: 'push', n: out.n, m: { k: 'text', d: doc, r: sync.rev, op: out.op } });
  }
}
