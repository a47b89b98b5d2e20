/**
 * The reference engine's client. Local ops apply at once (optimistically) and queue as
 * transactions; records are stamped with the client's hybrid logical clock, text edits become
 * operations sent one at a time per text (the next waits for the acknowledgement and is
 * transformed against whatever the server orders first: `client-text-sync.ts`).
 * On every connect the client says hello, catches up from the server's compacted delta, learns
 * which of its transactions were accepted or rejected (a rejection rolls the optimistic write
 * back and is counted), and resends the rest in order.
 */
import type {
  ApplyOutcome,
  DurableStorage,
  Op,
  ReadPath,
  ReadValue,
  SchemaDefinition,
  Snapshot,
  Subscription,
} from '../contract/contract.ts';
import { ClientStore } from './client-store.ts';
import type { Pending } from './pending-queue.ts';
import { SchemaVersions } from './schema-versions.ts';
import { compareHlc, HybridClock } from './hlc.ts';
import type { Change, ClientMessage, Mutation, ServerMessage } from './protocol.ts';
import { recordKey } from './server-state.ts';
import { ClientTextSync } from './client-text-sync.ts';
import { checkFits, deleteAt, insertAt } from './text-operation.ts';

export const REFERENCE_OPS = [
  'create',
  'update',
  'delete',
  'textInsert',
  'textDelete',
  'upgradeSchema',
] as const;

export class EngineClient {
  private readonly store: ClientStore;
  private readonly clock: HybridClock;
  private readonly texts: ClientTextSync;
  private live = false;
  /** Optimistic writes the server rejected, since this incarnation started. */
  rollbacks = 0;
  /** Times the server refused to sync because this client's schema version is too old. */
  upgradeRequired = 0;
  /**
   * Hellos on this connection not answered yet (a welcome, or a refusal to upgrade). A schema
   * upgrade says hello again on a live connection, so two can be out: what the server sent
   * before the last one is stale, since that hello's answer catches up from what it said this
   * client held.
   */
  private hellos = 0;
  private readonly versions: SchemaVersions;
  private connectedNow = false;

  /** Texts the snapshot being received sent whole, applied at its welcome. */
  private resets: (readonly [string, string, number])[] = [];

  /** Records the snapshot being received has listed so far (absent between snapshots). */
  private snapshotSeen: Set<string> | undefined;

  constructor(
    private readonly id: string,
    private readonly subscription: Subscription | undefined,
    schema: SchemaDefinition,
    storage: DurableStorage,
    private readonly now: () => number,
    private readonly send: (message: ClientMessage) => void,
  ) {
    this.versions = new SchemaVersions(schema);
    this.store = new ClientStore(storage, this.versions.first, schema.deleteVsUpdate);
    this.clock = new HybridClock(id, this.store.meta.clock);
    this.texts = new ClientTextSync(this.store, send);
  }

  apply(op: Op): ApplyOutcome {
    const { store } = this;
    switch (op.kind) {
      case 'create':
      case 'update':
      case 'delete': {
        if (op.kind !== 'create' && store.localRecord(op.collection, op.id) === undefined)
          return { status: 'rejected', reason: `no record ${op.collection}/${op.id}` };
        const h = this.clock.tick(this.now());
        const m: Mutation =
          op.kind === 'delete'
            ? { k: 'delete', c: op.collection, id: op.id, h }
            : { k: op.kind, c: op.collection, id: op.id, f: op.fields, h };
        const pending = store.pending.push(m);
        store.meta.clock = this.clock.latest;
        if (this.live) this.transmit(pending);
        store.saveMeta();
        return { status: 'applied' };
      }
      case 'textInsert':
      case 'textDelete': {
        // A slice is records of one collection: the server sends this client no text, so an
        // edit made on its stale copy would be transformed against changes it never saw.
        if (this.subscription)
          return { status: 'rejected', reason: 'this client syncs a slice of records, which holds no texts' };
        const textOp = op.kind === 'textInsert' ? insertAt(op.index, op.text) : deleteAt(op.index, op.length);
        checkFits(textOp, store.localTextLength(op.doc)); // throws on an edit that does not fit the text
        this.texts.edit(op.doc, textOp, this.live);
        store.saveMeta();
        return { status: 'applied' };
      }
      case 'upgradeSchema':
        return this.upgrade(op.version);
    }
  }

  connected(): void {
    this.connectedNow = true;
    this.hellos++;
    const { meta } = this.store;
    const tr = Object.fromEntries([...this.store.texts].map(([doc, sync]) => [doc, sync.rev]));
    this.send({
      t: 'hello',
      client: this.id,
      s: meta.s,
      n: meta.known,
      v: meta.v,
      tr,
      ...(this.subscription ? { q: this.subscription } : {}),
    });
  }

  disconnected(): void {
    this.resets = [];
    this.live = false;
    this.connectedNow = false;
    this.hellos = 0;
  }

  receive(message: ServerMessage): void {
    const { store } = this;
    const meta = store.meta;
    switch (message.t) {
      case 'welcome': {
        if (!this.lastHelloAnswered()) break; // an earlier hello's: the last one's is coming
        const rejected = new Map(message.rj);
        // Texts sent whole, by this welcome or the snapshot before it: now that the client knows
        // which of its transactions the server processed, its local work is rebased onto them.
        const processed = (n: number): boolean => n <= message.n && !rejected.has(n);
        for (const [doc, text, rev] of [...this.resets, ...(message.x ?? [])])
          this.texts.reset(doc, text, rev, processed);
        this.resets = [];
        for (const change of message.ch) this.applyChange(change);
        for (const [n, why] of rejected) this.rejected(n, why);
        // Everything up to the server's last processed transaction has an outcome now.
        store.pending.removeDecided(message.n);
        meta.known = Math.max(meta.known, message.n);
        meta.s = Math.max(meta.s, message.s);
        this.live = true;
        this.resume();
        break;
      }
      case 'change':
      case 'ack':
        // Sent before the last hello: its welcome's catch-up has it, counted from what the hello
        // said this client held. Applied now as well, a text operation would apply twice.
        if (this.hellos > 0) break;
        if (message.t === 'ack') {
          this.acknowledged(message.n, message.r);
          meta.s = Math.max(meta.s, message.s);
          break;
        }
        this.applyChange(message.ch);
        meta.s = Math.max(meta.s, message.ch.s);
        break;
      case 'reject':
        this.rejected(message.n, message.why);
        break;
      case 'snapshot':
        if (this.hellos > 1) break; // part of the answer to an earlier hello
        this.snapshotPart(message);
        break;
      case 'upgrade':
        if (!this.lastHelloAnswered()) break;
        this.live = false; // connected, but the server will not sync with this version
        this.upgradeRequired++;
        break;
    }
    store.saveMeta();
  }

  /** A hello's answer arrived: whether it answers the last one said on this connection. */
  private lastHelloAnswered(): boolean {
    this.hellos = Math.max(0, this.hellos - 1);
    return this.hellos === 0;
  }

  read(path: ReadPath): ReadValue {
    return this.store.read(path);
  }

  snapshot(schema: SchemaDefinition): Snapshot {
    return this.store.snapshot(schema);
  }

  storedBytes(): number {
    return this.store.storedBytes();
  }

  /**
   * The application moves to schema `version`: the confirmed records and the queued writes are
   * migrated on the client (whole records, and the fields of queued updates, through the
   * migrations' lenses), and the client says hello again with its new version and catches up
   * from the start, since the server holds fields its old version never received.
   */
  private upgrade(version: number): ApplyOutcome {
    const { store, versions } = this;
    const meta = store.meta;
    if (version <= meta.v) return { status: 'rejected', reason: `already at schema version ${meta.v}` };
    if (!versions.reachable(meta.v, version))
      return { status: 'rejected', reason: `no migration path from schema version ${meta.v} to ${version}` };
    for (const [key, record] of store.records) {
      store.records.set(key, { ...record, f: versions.states(record.c, record.f, meta.v, version, false) });
      store.saveRecord(key);
    }
    const from = meta.v;
    store.pending.migrate((m) =>
      m.k === 'delete' ? m : { ...m, f: versions.fields(m.c, m.f, from, version, m.k === 'update') },
    );
    meta.v = version;
    // Fields the old version could not see (added since, or sent down without them) exist only
    // on the server: catch up from the start, at the new version, instead of from the last sync.
    meta.s = 0;
    store.saveMeta();
    if (this.connectedNow) {
      this.live = false;
      this.connected();
    }
    return { status: 'applied' };
  }

  /**
   * After a welcome: resends the transactions the server has not processed, in their original
   * order (the server takes each number once, in order), then sends what was never sent.
   */
  private resume(): void {
    const { store } = this;
    const resend: { n: number; m: Mutation }[] = [];
    for (const p of store.pending) if (p.n !== undefined) resend.push({ n: p.n, m: p.m });
    resend.push(...this.texts.outstanding());
    resend.sort((a, b) => a.n - b.n);
    for (const { n, m } of resend) this.send({ t: 'push', n, m });
    for (const pending of store.pending) if (pending.n === undefined) this.transmit(pending);
    this.texts.sendBuffered();
  }

  /** Sends a record transaction, numbering it the first time. */
  private transmit(pending: Pending): void {
    if (pending.n === undefined) this.store.pending.numbered(pending, ++this.store.meta.n);
    this.send({ t: 'push', n: pending.n!, m: pending.m });
  }

  private applyChange(change: Change): void {
    const { store } = this;
    const meta = store.meta;
    const own = change.o?.[0] === this.id ? change.o[1] : undefined;
    if (own !== undefined) {
      const settled = store.pending.sent(own);
      if (settled) store.pending.remove(settled);
      meta.known = Math.max(meta.known, own);
    }
    const e = change.e;
    switch (e.k) {
      case 'none':
        return;
      case 'gone': {
        const key = recordKey(e.c, e.id);
        store.records.delete(key);
        store.forgetRecord(key);
        return;
      }
      case 'fields':
      case 'deleted': {
        const key = recordKey(e.c, e.id);
        const record = store.records.get(key) ?? { c: e.c, id: e.id, f: {} };
        if (e.k === 'deleted') record.del = true;
        else delete record.del; // fields for a deleted record: an update won over the delete
        if (e.k === 'fields')
          for (const [field, state] of Object.entries(e.f)) {
            record.f[field] = state;
            this.clock.observe(state[1]);
          }
        store.records.set(key, record);
        store.saveRecord(key);
        meta.clock = this.clock.latest;
        return;
      }
      case 'text':
        this.texts.change(e, own, this.live);
    }
  }

  /**
   * The server accepted transaction `n`. Over a FIFO connection this client has already applied
   * everything the server ordered before it, so applying its own transaction to the confirmed
   * state the way the server does (last writer wins by stamp; a text operation already
   * transformed against those changes) reaches the server's result.
   */
  private acknowledged(n: number, rev: number | undefined): void {
    const { store } = this;
    const meta = store.meta;
    meta.known = Math.max(meta.known, n);
    const pending = store.pending.sent(n);
    if (pending) {
      store.pending.remove(pending);
      const m = pending.m;
      const key = recordKey(m.c, m.id);
      const record = store.records.get(key) ?? { c: m.c, id: m.id, f: {} };
      if (m.k === 'delete') record.del = true;
      else {
        delete record.del; // accepted over a delete: the update won and the record is back
        for (const [field, value] of Object.entries(m.f)) {
          const current = record.f[field];
          if (!current || compareHlc(m.h, current[1]) > 0) record.f[field] = [value, m.h];
        }
      }
      store.records.set(key, record);
      store.saveRecord(key);
      return;
    }
    this.texts.acknowledged(n, rev, this.live);
  }

  /**
   * Part of a snapshot: its records replace the confirmed ones (those no part lists are gone at
   * the last part); a text sent whole replaces the confirmed text at the welcome that follows,
   * with the local edits to it rebased (`ClientTextSync.reset`).
   */
  private snapshotPart(part: Extract<ServerMessage, { t: 'snapshot' }>): void {
    const { store } = this;
    if (part.first) this.snapshotSeen = new Set();
    const seen = this.snapshotSeen ?? new Set<string>();
    for (const [c, id, f] of part.r) {
      const key = recordKey(c, id);
      seen.add(key);
      store.records.set(key, { c, id, f: { ...f } });
      store.saveRecord(key);
      for (const [, stamp] of Object.values(f)) this.clock.observe(stamp);
    }
    this.resets.push(...part.x);
    if (!part.last) return;
    for (const key of [...store.records.keys()]) {
      if (seen.has(key)) continue;
      store.records.delete(key);
      store.forgetRecord(key);
    }
    this.snapshotSeen = undefined;
    store.meta.clock = this.clock.latest;
  }

  /** The server refused transaction `n`: its optimistic effect goes away. */
  private rejected(n: number, _why: string): void {
    const { meta, pending } = this.store;
    const refused = pending.sent(n);
    if (refused) {
      pending.remove(refused);
      this.rollbacks++;
    }
    meta.known = Math.max(meta.known, n);
  }
}
