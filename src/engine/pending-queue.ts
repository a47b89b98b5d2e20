/**
 * A reference-engine client's record transactions not yet acknowledged, in the order they were
 * made, written through to durable storage one key per transaction (`pend/<seq>`), as PouchDB
 * keeps each local document and y-indexeddb each update: queuing, numbering or settling one
 * transaction writes only its own bytes. (The queue used to live inside the client's meta, so
 * every op re-wrote the whole queue: quadratic in a long offline stretch or a 200,000-record
 * import.) Each record's queued work is indexed too, so reading a record costs its own queue.
 */
import type { DurableStorage } from '../contract/contract.ts';
import type { Mutation } from './protocol.ts';
import { decodeStored, encodeStored } from './protocol.ts';
import { recordKey } from './server-state.ts';

/** A record transaction not yet acknowledged; `n` once it has been sent. */
export interface Pending {
  n?: number;
  readonly m: Exclude<Mutation, { k: 'text' }>;
}

const PREFIX = 'pend/';

export class PendingQueue implements Iterable<Pending> {
  /** By local sequence number; a Map iterates in insertion order, which is queue order. */
  private readonly items = new Map<number, Pending>();
  private readonly seqOf = new Map<Pending, number>();
  private readonly byNumber = new Map<number, Pending>();
  private readonly byRecord = new Map<string, Pending[]>();
  private nextSeq = 0;

  constructor(private readonly storage: DurableStorage) {
    const stored: { seq: number; pending: Pending }[] = [];
    for (const key of storage.keys()) {
      if (!key.startsWith(PREFIX)) continue;
      const bytes = storage.get(key);
      if (bytes)
        stored.push({ seq: Number(key.slice(PREFIX.length)), pending: decodeStored<Pending>(bytes) });
    }
    stored.sort((a, b) => a.seq - b.seq);
    for (const { seq, pending } of stored) this.index(seq, pending);
    this.nextSeq = stored.length ? stored[stored.length - 1]!.seq + 1 : 0;
  }

  get size(): number {
    return this.items.size;
  }

  [Symbol.iterator](): Iterator<Pending> {
    return this.items.values();
  }

  /** The keys (`recordKey`) of the records with queued work, with that work in queue order. */
  records(): IterableIterator<[string, readonly Pending[]]> {
    return this.byRecord.entries();
  }

  /** `key`'s queued work, in queue order. */
  of(key: string): readonly Pending[] {
    return this.byRecord.get(key) ?? [];
  }

  /** The transaction sent as number `n`, if still queued. */
  sent(n: number): Pending | undefined {
    return this.byNumber.get(n);
  }

  /** Queues `m` (unsent) and persists it. */
  push(m: Pending['m']): Pending {
    const pending: Pending = { m };
    const seq = this.nextSeq++;
    this.index(seq, pending);
    this.persist(seq, pending);
    return pending;
  }

  /** `pending` was given its number `n` (it is being sent): persisted again. */
  numbered(pending: Pending, n: number): void {
    const seq = this.seqOf.get(pending);
    if (seq === undefined || pending.n === n) return;
    if (pending.n !== undefined) this.byNumber.delete(pending.n);
    pending.n = n;
    this.byNumber.set(n, pending);
    this.persist(seq, pending);
  }

  /** Drops `pending` (acknowledged, rejected or settled). */
  remove(pending: Pending): void {
    const seq = this.seqOf.get(pending);
    if (seq === undefined) return;
    this.items.delete(seq);
    this.seqOf.delete(pending);
    if (pending.n !== undefined) this.byNumber.delete(pending.n);
    const key = recordKey(pending.m.c, pending.m.id);
    const list = this.byRecord.get(key);
    if (list) {
      list.splice(list.indexOf(pending), 1);
      if (list.length === 0) this.byRecord.delete(key);
    }
    this.storage.delete(PREFIX + seq);
  }

  /** Drops every sent transaction numbered `n` or lower: the server has decided them. */
  removeDecided(n: number): void {
    for (const pending of [...this.items.values()])
      if (pending.n !== undefined && pending.n <= n) this.remove(pending);
  }

  /** Replaces each transaction's mutation by `migrate(m)`, in place in the queue (a schema upgrade). */
  migrate(migrate: (m: Pending['m']) => Pending['m']): void {
    for (const [seq, old] of [...this.items]) {
      const pending: Pending = old.n === undefined ? { m: migrate(old.m) } : { n: old.n, m: migrate(old.m) };
      this.items.set(seq, pending);
      this.seqOf.delete(old);
      this.seqOf.set(pending, seq);
      if (pending.n !== undefined) this.byNumber.set(pending.n, pending);
      const list = this.byRecord.get(recordKey(old.m.c, old.m.id))!;
      list[list.indexOf(old)] = pending;
      this.persist(seq, pending);
    }
  }

  private index(seq: number, pending: Pending): void {
    this.items.set(seq, pending);
    this.seqOf.set(pending, seq);
    if (pending.n !== undefined) this.byNumber.set(pending.n, pending);
    const key = recordKey(pending.m.c, pending.m.id);
    let list = this.byRecord.get(key);
    if (!list) this.byRecord.set(key, (list = []));
    list.push(pending);
  }

  private persist(seq: number, pending: Pending): void {
    this.storage.set(PREFIX + seq, encodeStored(pending));
  }
}
