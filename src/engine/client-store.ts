/**
 * What a reference-engine client keeps: the state the server confirmed (records with each
 * field's stamp, texts at a revision), its pending record transactions, and per text the
 * operation awaiting acknowledgement plus what was typed since. The local view is the confirmed
 * state with pending work on top. Everything is written through to durable storage, so a
 * restarted client resumes with its queue intact.
 *
 * A text is stored as a snapshot (`text/<doc>`) and a log of the events since
 * (`tlog/<n>/<doc>`), as y-indexeddb and y-leveldb store a document's updates: each keystroke
 * appends its own few bytes, and once the log holds more bytes than the snapshot it is folded
 * into a new one (so the work of persisting stays linear in what was typed, and what is stored
 * at most about twice the snapshot).
 */
import type { DurableStorage, Fields, ReadValue, SchemaDefinition, Snapshot } from '../contract/contract.ts';
import type { Hlc } from './hlc.ts';
import { compareHlc } from './hlc.ts';
import type { FieldState } from './protocol.ts';
import { decodeStored, encodeStored, encodeStoredObject } from './protocol.ts';
import { PendingQueue } from './pending-queue.ts';
import { recordKey } from './server-state.ts';
import { storageBytes } from './storage-bytes.ts';
import { apply, lengthAfter } from './text-operation.ts';
import type { StoredTextSync, TextEvent, TextSync } from './text-events.ts';
import { applyTextEvent, fromStoredTextSync, storedTextSync } from './text-events.ts';
import { TextRope } from './text-rope.ts';

export type { TextSync } from './text-events.ts';

export interface ConfirmedRecord {
  readonly c: string;
  readonly id: string;
  readonly f: Record<string, FieldState>;
  del?: true;
}

/** A text's log in storage: its keys (in order) and their bytes, and the snapshot's bytes. */
interface TextLog {
  readonly keys: string[];
  bytes: number;
  snapshotBytes: number;
}

export interface ClientMeta {
  /** Last sync id applied. */
  s: number;
  /** Last transaction number assigned. */
  n: number;
  /** Highest transaction number whose outcome is known. */
  known: number;
  clock: Hlc;
  /** The schema version the client's application is at. */
  v: number;
}

export class ClientStore {
  readonly records = new Map<string, ConfirmedRecord>();
  readonly texts = new Map<string, TextSync>();
  readonly meta: ClientMeta;
  readonly pending: PendingQueue;

  constructor(
    private readonly storage: DurableStorage,
    firstVersion: number,
    private readonly deleteVsUpdate: 'delete-wins' | 'update-wins' = 'delete-wins',
  ) {
    const meta = storage.get('meta');
    this.meta = meta
      ? decodeStored<ClientMeta>(meta)
      : { s: 0, n: 0, known: 0, clock: [0, 0, ''], v: firstVersion };
    this.pending = new PendingQueue(storage);
    const logged: { doc: string; n: number; key: string; bytes: Uint8Array }[] = [];
    for (const key of storage.keys()) {
      const bytes = storage.get(key);
      if (!bytes) continue;
      if (key.startsWith('rec/')) this.records.set(key.slice(4), decodeStored<ConfirmedRecord>(bytes));
      else if (key.startsWith('text/')) {
        const doc = key.slice(5);
        this.texts.set(doc, fromStoredTextSync(decodeStored<StoredTextSync>(bytes)));
        this.log(doc).snapshotBytes = bytes.byteLength;
      } else if (key.startsWith('tlog/')) {
        const slash = key.indexOf('/', 5);
        logged.push({ doc: key.slice(slash + 1), n: Number(key.slice(5, slash)), key, bytes });
      }
    }
    // Replay each text's log over its snapshot, in the order it was written.
    logged.sort((a, b) => a.n - b.n);
    for (const { doc, n, key, bytes } of logged) {
      applyTextEvent(this.text(doc), decodeStored<TextEvent>(bytes));
      const log = this.log(doc);
      log.keys.push(key);
      log.bytes += bytes.byteLength;
      this.nextLogEntry = Math.max(this.nextLogEntry, n + 1);
    }
  }

  private readonly logs = new Map<string, TextLog>();
  private nextLogEntry = 0;

  private log(doc: string): TextLog {
    let log = this.logs.get(doc);
    if (!log) this.logs.set(doc, (log = { keys: [], bytes: 0, snapshotBytes: 0 }));
    return log;
  }

  /** Applies `event` to `doc` and persists it: appended to the text's log, or a new snapshot. */
  textEvent(doc: string, event: TextEvent): void {
    applyTextEvent(this.text(doc), event);
    const log = this.log(doc);
    // A text's first event writes its snapshot, so texts load in the order they began.
    if (event.e !== 'reset' && this.storage.get(`text/${doc}`) !== undefined) {
      const key = `tlog/${this.nextLogEntry++}/${doc}`;
      const bytes = encodeStored(event);
      this.storage.set(key, bytes);
      log.keys.push(key);
      log.bytes += bytes.byteLength;
      // Folded into a snapshot once the log holds more bytes than the snapshot: each fold costs
      // the snapshot's size and follows at least as many bytes of log, so the work stays linear.
      if (log.bytes <= log.snapshotBytes) return;
    }
    this.saveText(doc);
  }

  text(doc: string): TextSync {
    let sync = this.texts.get(doc);
    if (!sync) {
      sync = { text: new TextRope(), rev: 0 };
      this.texts.set(doc, sync);
    }
    return sync;
  }

  /** The text as the user sees it: confirmed, then the unacknowledged and unsent operations. */
  localText(doc: string): string {
    const sync = this.texts.get(doc);
    if (!sync) return '';
    let text = sync.text.toString();
    if (sync.out) text = apply(text, sync.out.op);
    if (sync.buf) text = apply(text, sync.buf);
    return text;
  }

  /** The length of `localText(doc)`, without building it. */
  localTextLength(doc: string): number {
    const sync = this.texts.get(doc);
    if (!sync) return 0;
    let length = sync.text.length;
    if (sync.out) length = lengthAfter(sync.out.op, length);
    if (sync.buf) length = lengthAfter(sync.buf, length);
    return length;
  }

  /**
   * A record as the user sees it, or undefined when absent or deleted: the confirmed record with
   * its queued work laid over it.
   */
  localRecord(collection: string, id: string): Fields | undefined {
    const key = recordKey(collection, id);
    const pending = this.pending.of(key);
    const confirmed = this.records.get(key);
    let exists = confirmed !== undefined && !confirmed.del;
    const fields: Record<string, FieldState> = confirmed ? { ...confirmed.f } : {};
    const updateRevives = this.deleteVsUpdate === 'update-wins';
    for (const { m } of pending) {
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
    for (const [key, [first]] of this.pending.records()) if (first) keys.set(key, [first.m.c, first.m.id]);
    const collections: Record<string, Record<string, Fields>> = {};
    for (const name of schema.collections) collections[name] = {};
    for (const [collection, id] of keys.values()) {
      const fields = this.localRecord(collection, id);
      if (fields) (collections[collection] ??= {})[id] = fields;
    }
    const texts: Record<string, string> = {};
    for (const name of schema.texts) texts[name] = this.localText(name);
    return { collections, texts };
  }

  /** Writes the meta through (a few numbers: the queue is kept under its own keys). */
  saveMeta(): void {
    this.storage.set('meta', encodeStored(this.meta));
  }

  saveRecord(key: string): void {
    const record = this.records.get(key);
    if (record) this.storage.set(`rec/${key}`, encodeStored(record));
  }

  forgetRecord(key: string): void {
    this.storage.delete(`rec/${key}`);
  }

  /** Writes `doc`'s snapshot and drops its log. */
  private saveText(doc: string): void {
    const sync = this.texts.get(doc);
    if (!sync) return;
    const bytes = encodeStoredObject(storedTextSync(sync));
    this.storage.set(`text/${doc}`, bytes);
    const log = this.log(doc);
    for (const key of log.keys) this.storage.delete(key);
    log.keys.length = 0;
    log.bytes = 0;
    log.snapshotBytes = bytes.byteLength;
  }

  /** Bytes of everything the client keeps. */
  storedBytes(): number {
    return storageBytes(this.storage);
  }
}
