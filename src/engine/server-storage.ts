/**
 * The reference server's durable record, in the replica's storage: the change log since the
 * horizon (one entry per change, the write-ahead record), the compressed snapshot of the whole
 * state at the horizon, and one ledger per client (its last processed transaction and the
 * rejections it may not know of). Opening it restores the snapshot and replays the log into the
 * server's state; compacting writes a new snapshot, truncates the log and collects old tombstones.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { DurableStorage } from '../contract/contract.ts';
import type { Change } from './protocol.ts';
import { decodeStored, encodeStored } from './protocol.ts';
import type { RecordState, ServerState, TextHistoryEntry } from './server-state.ts';
import { recordKey } from './server-state.ts';
import { TextRope } from './text-rope.ts';

export interface ClientLedger {
  /** The client's last processed transaction. */
  n: number;
  /** Rejected transactions whose outcome the client may not know yet: `[n, reason]`. */
  rj: (readonly [number, string])[];
}

/** What the server persists at a compaction: the whole state at the horizon. */
interface StoredSnapshot {
  readonly horizon: number;
  /** Deletes at or before this sync id are forgotten. */
  readonly collected: number;
  readonly records: readonly RecordState[];
  readonly texts: readonly (readonly [string, string, number, readonly TextHistoryEntry[]])[];
}

const LOG_PREFIX = 'log/';
const CLIENT_PREFIX = 'client/';
const SNAPSHOT_KEY = 'snapshot';

export class ServerStorage {
  /** Changes after the horizon, in order. */
  private log: Change[] = [];
  private horizon = 0;
  /** Tombstones of deletes at or before this sync id have been collected. */
  private collectedUpTo = 0;
  private logBytes = 0;
  /** The snapshot's stored (deflated) size, and its size before deflating: what a compaction encodes again. */
  private snapshotBytes = 0;
  private snapshotRawBytes = 0;
  private readonly ledgers = new Map<string, ClientLedger>();

  /** Opens what `storage` holds into `state` (empty storage: a new server). */
  constructor(
    private readonly storage: DurableStorage,
    private readonly state: ServerState,
  ) {
    const snapshot = storage.get(SNAPSHOT_KEY);
    if (snapshot) {
      const raw = inflateRawSync(snapshot);
      this.restore(decodeStored<StoredSnapshot>(raw));
      this.snapshotRawBytes = raw.byteLength;
      this.snapshotBytes = snapshot.byteLength;
    }
    const entries = storage.keys().filter((k) => k.startsWith(LOG_PREFIX));
    entries.sort((a, b) => Number(a.slice(LOG_PREFIX.length)) - Number(b.slice(LOG_PREFIX.length)));
    for (const key of entries) {
      const bytes = storage.get(key);
      if (!bytes) continue;
      this.replay(decodeStored<Change>(bytes));
      this.logBytes += bytes.byteLength;
    }
    for (const key of storage.keys().filter((k) => k.startsWith(CLIENT_PREFIX))) {
      const bytes = storage.get(key);
      if (bytes) this.ledgers.set(key.slice(CLIENT_PREFIX.length), decodeStored<ClientLedger>(bytes));
    }
  }

  /** The sync id of the last change. */
  get syncId(): number {
    return this.horizon + this.log.length;
  }

  /** Deletes at or before this sync id are forgotten: a client older than it needs a snapshot. */
  get collected(): number {
    return this.collectedUpTo;
  }

  /** Appends an accepted change to the log. */
  append(change: Change): void {
    this.log.push(change);
    const stored = encodeStored(change);
    this.storage.set(`${LOG_PREFIX}${change.s}`, stored);
    this.logBytes += stored.byteLength;
  }

  /**
   * Whether the log is due for compaction: it outgrew the stored snapshot (after 50 changes, so
   * what the server stores stays within about twice its snapshot), or it holds `compactEvery`
   * changes and a quarter of the snapshot's bytes before deflating (what a compaction encodes
   * and deflates again). Each compaction costs the snapshot's size and
   * follows a fixed share of it in log bytes, so the work stays linear in what was written. (Every `compactEvery` changes whatever the size made a 200,000-record
   * workspace deflate itself 200 times as it grew: 41 % of large-workspace at `--scale large`;
   * a quarter of the snapshot alone made a long text's server deflate four times as often as it
   * needs to: a sixth of the whole automerge-paper trace.)
   */
  due(compactEvery: number): boolean {
    const outgrown = this.log.length >= 50 && this.logBytes > this.snapshotBytes;
    const counted = this.log.length >= compactEvery && this.logBytes * 4 > this.snapshotRawBytes;
    return counted || outgrown;
  }

  /** Writes the state as the new snapshot, truncates the log and collects tombstones older than `keepTombstones` changes. */
  compact(keepTombstones: number): void {
    const horizon = this.syncId;
    const collected = Math.max(this.collectedUpTo, horizon - keepTombstones);
    this.state.collectTombstones(collected);
    const snapshot: StoredSnapshot = {
      horizon,
      collected,
      records: [...this.state.records.values()],
      texts: [...this.state.texts].map(([name, t]) => [name, t.text.toString(), t.rev, t.history] as const),
    };
    const raw = encodeStored(snapshot);
    const bytes = deflateRawSync(raw);
    this.storage.set(SNAPSHOT_KEY, bytes);
    for (const change of this.log) this.storage.delete(`${LOG_PREFIX}${change.s}`);
    this.log = [];
    this.horizon = horizon;
    this.collectedUpTo = collected;
    this.logBytes = 0;
    this.snapshotRawBytes = raw.byteLength;
    this.snapshotBytes = bytes.byteLength;
  }

  ledger(client: string): ClientLedger {
    let ledger = this.ledgers.get(client);
    if (!ledger) {
      ledger = { n: 0, rj: [] };
      this.ledgers.set(client, ledger);
    }
    return ledger;
  }

  saveLedger(client: string, ledger: ClientLedger): void {
    this.storage.set(`${CLIENT_PREFIX}${client}`, encodeStored(ledger));
  }

  private restore(snapshot: StoredSnapshot): void {
    this.horizon = snapshot.horizon;
    this.collectedUpTo = snapshot.collected;
    for (const record of snapshot.records) this.state.records.set(recordKey(record.c, record.id), record);
    for (const [name, text, rev, history] of snapshot.texts)
      this.state.texts.set(name, { text: new TextRope(text), rev, history: [...history] });
  }

  private replay(change: Change): void {
    if (change.s <= this.horizon) return; // covered by the snapshot already
    const e = change.e;
    this.log.push(change);
    if (e.k === 'fields') {
      const key = recordKey(e.c, e.id);
      const record = this.state.records.get(key) ?? { c: e.c, id: e.id, f: {} };
      if (record.del !== undefined) {
        delete record.del; // only an update that wins over a delete changes a deleted record
        record.back = change.s;
      }
      for (const [field, [value, stamp]] of Object.entries(e.f)) {
        const current = record.f[field];
        if (!current || current[2] < change.s) record.f[field] = [value, stamp, change.s];
      }
      this.state.records.set(key, record);
    } else if (e.k === 'deleted') {
      const record = this.state.records.get(recordKey(e.c, e.id));
      if (record) record.del = change.s;
    } else if (e.k === 'text') this.state.applyText(this.state.text(e.d), e.op, change.o);
  }
}
