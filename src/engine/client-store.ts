/**
 * What a reference-engine client keeps: the state the server confirmed (records with each
 * field's stamp, texts at a revision), its pending record transactions, and per text the
 * operation awaiting acknowledgement plus what was typed since. The local view is the confirmed
 * state with pending work on top. Everything is written through to durable storage, so a
 * restarted client resumes with its queue intact.
 */
import type { DurableStorage, Fields, ReadValue, SchemaDefinition, Snapshot } from '../contract/contract.ts';
import type { Hlc } from './hlc.ts';
import { compareHlc } from './hlc.ts';
import type { FieldState, Mutation } from './protocol.ts';
import { decodeStored, encodeStored, encodeStoredObject, IncrementalMapEncoder } from './protocol.ts';
import { recordKey } from './server-state.ts';
import { storageBytes } from './storage-bytes.ts';
import type { TextOperation } from './text-operation.ts';
import { apply } from './text-operation.ts';

export interface ConfirmedRecord {
  readonly c: string;
  readonly id: string;
  readonly f: Record<string, FieldState>;
  del?: true;
}

export interface TextSync {
  text: string;
  rev: number;
  /** The operation sent and not yet acknowledged, with its transaction number. */
  out?: { readonly n: number; op: TextOperation };
  /** Local operations made since, composed, not sent yet. */
  buf?: TextOperation;
}

/** A record transaction not yet acknowledged; `n` once it has been sent. */
export interface Pending {
  n?: number;
  readonly m: Exclude<Mutation, { k: 'text' }>;
}

export interface ClientMeta {
  /** Last sync id applied. */
  s: number;
  /** Last transaction number assigned. */
  n: number;
  /** Highest transaction number whose outcome is known. */
  known: number;
  clock: Hlc;
  pending: Pending[];
  /** The schema version the client's application is at. */
  v: number;
}

export class ClientStore {
  readonly records = new Map<string, ConfirmedRecord>();
  readonly texts = new Map<string, TextSync>();
  readonly meta: ClientMeta;

  constructor(
    private readonly storage: DurableStorage,
    firstVersion: number,
    private readonly deleteVsUpdate: 'delete-wins' | 'update-wins' = 'delete-wins',
  ) {
    const meta = storage.get('meta');
    this.meta = meta
      ? decodeStored<ClientMeta>(meta)
      : { s: 0, n: 0, known: 0, clock: [0, 0, ''], pending: [], v: firstVersion };
    for (const key of storage.keys()) {
      const bytes = storage.get(key);
      if (!bytes) continue;
      if (key.startsWith('rec/')) this.records.set(key.slice(4), decodeStored<ConfirmedRecord>(bytes));
      else if (key.startsWith('text/')) this.texts.set(key.slice(5), decodeStored<TextSync>(bytes));
    }
  }

  text(doc: string): TextSync {
    let sync = this.texts.get(doc);
    if (!sync) {
      sync = { text: '', rev: 0 };
      this.texts.set(doc, sync);
    }
    return sync;
  }

  /** The text as the user sees it: confirmed, then the unacknowledged and unsent operations. */
  localText(doc: string): string {
    const sync = this.texts.get(doc);
    if (!sync) return '';
    let text = sync.text;
    if (sync.out) text = apply(text, sync.out.op);
    if (sync.buf) text = apply(text, sync.buf);
    return text;
  }

  /**
   * A record as the user sees it, or undefined when absent or deleted. `pending` is the queued
   * work to lay over it (by default all of it, of which only this record's counts).
   */
  localRecord(
    collection: string,
    id: string,
    pending: readonly Pending[] = this.meta.pending,
  ): Fields | undefined {
    const key = recordKey(collection, id);
    const confirmed = this.records.get(key);
    let exists = confirmed !== undefined && !confirmed.del;
    const fields: Record<string, FieldState> = confirmed ? { ...confirmed.f } : {};
    const updateRevives = this.deleteVsUpdate === 'update-wins';
    for (const { m } of pending) {
      if (m.c !== collection || m.id !== id) continue;
      if (m.k === 'delete') exists = false;
      else if (confirmed?.del && !updateRevives)
        continue; // the delete wins over concurrent updates
      else if (m.k === 'create' || exists || (m.k === 'update' && updateRevives && confirmed)) {
        exists = true;
        for (const [field, value] of Object.entries(m.f)) {
          const current = fields[field];
          if (!current || compareHlc(m.h, current[1]) > 0) fields[field] = [value, m.h];
        }
      }
    }
    return exists ? Object.fromEntries(Object.entries(fields).map(([k, [v]]) => [k, v])) : undefined;
  }

  read(path: { kind: 'record'; collection: string; id: string } | { kind: 'text'; doc: string }): ReadValue {
    return path.kind === 'text' ? this.localText(path.doc) : this.localRecord(path.collection, path.id);
  }

  snapshot(schema: SchemaDefinition): Snapshot {
    const keys = new Map<string, readonly [string, string]>();
    for (const r of this.records.values()) keys.set(recordKey(r.c, r.id), [r.c, r.id]);
    // Each record's queued work, in queue order: one pass, not one per record.
    const pendingOf = new Map<string, Pending[]>();
    for (const p of this.meta.pending) {
      const key = recordKey(p.m.c, p.m.id);
      keys.set(key, [p.m.c, p.m.id]);
      let list = pendingOf.get(key);
      if (!list) pendingOf.set(key, (list = []));
      list.push(p);
    }
    const collections: Record<string, Record<string, Fields>> = {};
    for (const name of schema.collections) collections[name] = {};
    for (const [key, [collection, id]] of keys) {
      const fields = this.localRecord(collection, id, pendingOf.get(key) ?? []);
      if (fields) (collections[collection] ??= {})[id] = fields;
    }
    const texts: Record<string, string> = {};
    for (const name of schema.texts) texts[name] = this.localText(name);
    return { collections, texts };
  }

  /**
   * Writes the meta through. The bytes are `encodeStored(meta)`'s exactly, but each queued
   * transaction is encoded once (and again only when it changes), not on every save: a long queue
   * made every op cost its whole length.
   */
  saveMeta(): void {
    this.storage.set('meta', this.metaEncoder.encode(this.meta));
  }

  private readonly metaEncoder = new IncrementalMapEncoder<ClientMeta>('pending');

  saveRecord(key: string): void {
    const record = this.records.get(key);
    if (record) this.storage.set(`rec/${key}`, encodeStored(record));
  }

  forgetRecord(key: string): void {
    this.storage.delete(`rec/${key}`);
  }

  saveText(doc: string): void {
    const sync = this.texts.get(doc);
    if (sync) this.storage.set(`text/${doc}`, encodeStoredObject(sync));
  }

  /** Bytes of everything the client keeps. */
  storedBytes(): number {
    return storageBytes(this.storage);
  }
}
