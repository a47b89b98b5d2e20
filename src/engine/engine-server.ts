/**
 * The reference engine's server: an ordered change log over `ServerState`. Every accepted
 * client transaction becomes the next sync id; each client's transactions are processed once,
 * in order (a resent one is recognised by its number).
 *
 * A reconnecting client gets the changes since its sync id, compacted: each changed record once
 * with just the fields changed since (every field remembers the sync id that set it, so this
 * needs no log), text operations composed. The log is the server's write-ahead record: every
 * `compactEvery` changes, or sooner once it outgrows a quarter of the snapshot, the server
 * writes its state as a compressed snapshot and truncates the log (the horizon). Tombstones are
 * kept for `keepTombstones` changes and then collected, so what the server stores stays close
 * to the workspace itself; a client whose sync id is older than the collected tombstones (or a
 * new one) gets a snapshot instead, in parts of `snapshotPart` records. A client with a subscription only hears of records in its
 * slice, including records that move into it (all their fields) or out of it (`gone`).
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { DurableStorage, SchemaDefinition, Subscription } from '../contract/contract.ts';
import type { Change, Effect, Mutation, ServerMessage } from './protocol.ts';
import { decodeStored, encodeStored } from './protocol.ts';
import type { RecordState, TextHistoryEntry } from './server-state.ts';
import { SchemaVersions } from './schema-versions.ts';
import { fieldStates, inSubscription, recordKey, ServerState } from './server-state.ts';
import type { TextOperation } from './text-operation.ts';
import { compose } from './text-operation.ts';

export interface ServerOptions {
  /** Changes between two compactions (default 1,000). */
  readonly compactEvery?: number;
  /** Records per snapshot message (default 500). */
  readonly snapshotPart?: number;
  /** Changes a tombstone outlives its delete by before it is collected (default 20,000). */
  readonly keepTombstones?: number;
}

interface ClientLedger {
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

export class EngineServer {
  readonly state: ServerState;
  /** Changes after the horizon, in order. */
  private log: Change[] = [];
  private horizon = 0;
  /** Tombstones of deletes at or before this sync id have been collected. */
  private collected = 0;
  private logBytes = 0;
  private snapshotBytes = 0;
  private readonly ledgers = new Map<string, ClientLedger>();
  /** Connected clients that said hello: their subscription and schema version. */
  private readonly sessions = new Map<string, { readonly q: Subscription | undefined; readonly v: number }>();
  private readonly versions: SchemaVersions;

  private readonly compactEvery: number;
  private readonly snapshotPart: number;
  private readonly keepTombstones: number;

  constructor(
    private readonly storage: DurableStorage,
    schema: SchemaDefinition,
    options: ServerOptions = {},
  ) {
    this.versions = new SchemaVersions(schema);
    this.state = new ServerState(schema.deleteVsUpdate);
    this.compactEvery = options.compactEvery ?? 1_000;
    this.snapshotPart = options.snapshotPart ?? 500;
    this.keepTombstones = options.keepTombstones ?? 20_000;
    const snapshot = storage.get(SNAPSHOT_KEY);
    if (snapshot) {
      this.restore(decodeStored<StoredSnapshot>(inflateRawSync(snapshot)));
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

  get syncId(): number {
    return this.horizon + this.log.length;
  }

  /**
   * The answer to a client's hello: snapshot parts if the log cannot bring it up to date, then a
   * welcome with the changes it missed, compacted.
   */
  welcome(
    client: string,
    hello: { s: number; n: number; v: number; tr: Readonly<Record<string, number>>; q?: Subscription },
  ): { accepted: boolean; messages: ServerMessage[] } {
    if (hello.v < this.versions.min) {
      this.sessions.delete(client);
      return { accepted: false, messages: [{ t: 'upgrade', min: this.versions.min }] };
    }
    this.sessions.set(client, { q: hello.q, v: hello.v });
    const ledger = this.ledger(client);
    ledger.rj = ledger.rj.filter(([n]) => n > hello.n);
    this.saveLedger(client, ledger);
    const byDelta = hello.s > this.collected && hello.s <= this.syncId;
    const { changes: textChanges, reset } = this.textDelta(client, hello.tr);
    const messages = byDelta ? [] : this.snapshotParts(client, reset);
    const changes = [...(byDelta ? this.recordDelta(client, hello.s) : []), ...textChanges];
    messages.push({ t: 'welcome', n: ledger.n, rj: ledger.rj, ch: changes, s: this.syncId });
    return { accepted: true, messages };
  }

  /** The client's connection is gone. */
  leave(client: string): void {
    this.sessions.delete(client);
  }

  /**
   * Processes transaction `n` of `client`: what to tell the author (an acknowledgement or a
   * rejection) and, when the workspace changed, the change for each other connected client
   * (shaped by its subscription; absent when the change is outside it).
   */
  push(
    client: string,
    n: number,
    m: Mutation,
  ): { toAuthor: ServerMessage; toOthers: Map<string, ServerMessage> } {
    const none = new Map<string, ServerMessage>();
    const ledger = this.ledger(client);
    if (n <= ledger.n) {
      const rejection = ledger.rj.find(([r]) => r === n);
      return {
        toAuthor: rejection ? { t: 'reject', n, why: rejection[1] } : { t: 'ack', s: this.syncId, n },
        toOthers: none,
      };
    }
    ledger.n = n;
    const key = m.k === 'text' ? undefined : recordKey(m.c, m.id);
    const before = new Map<string, boolean>();
    if (key)
      for (const [other, { q }] of this.sessions)
        before.set(other, inSubscription(this.state.records.get(key), q));
    const outcome = this.state.apply(this.upFrom(client, m), this.syncId + 1, [client, n]);
    if ('rejected' in outcome) {
      ledger.rj.push([n, outcome.rejected]);
      this.saveLedger(client, ledger);
      return { toAuthor: { t: 'reject', n, why: outcome.rejected }, toOthers: none };
    }
    this.saveLedger(client, ledger);
    const e = outcome.effect;
    if (e.k === 'none') return { toAuthor: { t: 'ack', s: this.syncId, n }, toOthers: none };
    const change: Change = { s: this.syncId + 1, o: [client, n], e };
    this.log.push(change);
    const stored = encodeStored(change);
    this.storage.set(`${LOG_PREFIX}${change.s}`, stored);
    this.logBytes += stored.byteLength;
    const toAuthor: ServerMessage =
      e.k === 'text' ? { t: 'ack', s: change.s, n, r: e.r } : { t: 'ack', s: change.s, n };
    const toOthers = new Map<string, ServerMessage>();
    for (const [other, { q, v }] of this.sessions) {
      if (other === client) continue;
      const effect = this.shaped(e, q, before.get(other) ?? false);
      if (effect) toOthers.set(other, { t: 'change', ch: { s: change.s, e: this.down(effect, v) } });
    }
    const outgrown = this.log.length >= 50 && this.logBytes * 4 > this.snapshotBytes;
    if (this.log.length >= this.compactEvery || outgrown) this.compact();
    return { toAuthor, toOthers };
  }

  /** A client's mutation in the server's (newest) schema version. */
  private upFrom(client: string, m: Mutation): Mutation {
    const v = this.sessions.get(client)?.v ?? this.versions.latest;
    if (m.k === 'text' || m.k === 'delete' || v === this.versions.latest) return m;
    return { ...m, f: this.versions.fields(m.c, m.f, v, this.versions.latest, m.k === 'update') };
  }

  /** An effect as a client at schema version `v` sees it. */
  private down(e: Effect, v: number): Effect {
    if (e.k !== 'fields' || v === this.versions.latest) return e;
    return { ...e, f: this.versions.states(e.c, e.f, this.versions.latest, v, true) };
  }

  /** `e` as a client with subscription `q` sees it (`before`: whether it had the record). */
  private shaped(e: Effect, q: Subscription | undefined, before: boolean): Effect | undefined {
    if (!q) return e;
    if (e.k === 'text' || e.k === 'none') return undefined; // a partial client syncs records only
    const record = this.state.records.get(recordKey(e.c, e.id));
    const now = inSubscription(record, q);
    if (now && record) return before ? e : { k: 'fields', c: e.c, id: e.id, f: fieldStates(record) };
    return before ? { k: e.k === 'deleted' ? 'deleted' : 'gone', c: e.c, id: e.id } : undefined;
  }

  /** Writes the state as the new snapshot, truncates the log and collects old tombstones. */
  private compact(): void {
    const horizon = this.syncId;
    const collected = Math.max(this.collected, horizon - this.keepTombstones);
    this.state.collectTombstones(collected);
    const snapshot: StoredSnapshot = {
      horizon,
      collected,
      records: [...this.state.records.values()],
      texts: [...this.state.texts].map(([name, t]) => [name, t.text, t.rev, t.history] as const),
    };
    const bytes = deflateRawSync(encodeStored(snapshot));
    this.storage.set(SNAPSHOT_KEY, bytes);
    for (const change of this.log) this.storage.delete(`${LOG_PREFIX}${change.s}`);
    this.log = [];
    this.horizon = horizon;
    this.collected = collected;
    this.logBytes = 0;
    this.snapshotBytes = bytes.byteLength;
  }

  /** The current records in parts, as the client's subscription sees them, and the texts in `texts`. */
  private snapshotParts(
    client: string,
    texts: readonly (readonly [string, string, number])[],
  ): ServerMessage[] {
    const { q, v } = this.sessions.get(client) ?? { q: undefined, v: this.versions.latest };
    const records = [...this.state.records.values()].filter(
      (r) => r.del === undefined && inSubscription(r, q),
    );
    const parts: ServerMessage[] = [];
    for (let i = 0; i === 0 || i < records.length; i += this.snapshotPart) {
      const slice = records
        .slice(i, i + this.snapshotPart)
        .map(
          (r) =>
            [r.c, r.id, this.versions.states(r.c, fieldStates(r), this.versions.latest, v, false)] as const,
        );
      const last = i + this.snapshotPart >= records.length;
      parts.push({ t: 'snapshot', first: i === 0, last, r: slice, x: last ? texts : [] });
    }
    return parts;
  }

  /**
   * For each text, the operations since the revision the client holds (composed between the
   * client's own, which keep their author so it recognises them), or the whole text when the
   * kept history does not reach back that far. Partial clients sync records only.
   */
  private textDelta(
    client: string,
    revs: Readonly<Record<string, number>>,
  ): { changes: Change[]; reset: (readonly [string, string, number])[] } {
    const changes: Change[] = [];
    const reset: (readonly [string, string, number])[] = [];
    if (this.sessions.get(client)?.q) return { changes, reset };
    for (const [name, doc] of this.state.texts) {
      const from = revs[name] ?? 0;
      const oldest = doc.rev - doc.history.length;
      if (from >= doc.rev) continue;
      if (from < oldest) {
        reset.push([name, doc.text, doc.rev]);
        continue;
      }
      let run: { op: TextOperation; r: number } | undefined;
      const flush = (): void => {
        if (run) changes.push({ s: this.syncId, e: { k: 'text', d: name, r: run.r, op: run.op } });
        run = undefined;
      };
      doc.history.slice(from - oldest).forEach(([op, author, n], i) => {
        const r = from + i + 1;
        if (author === client && n !== undefined) {
          flush();
          changes.push({ s: this.syncId, o: [client, n], e: { k: 'text', d: name, r, op } });
        } else run = run ? { op: compose(run.op, op), r } : { op, r };
      });
      flush();
    }
    return { changes, reset };
  }

  /** Records changed after `since`, each once, as it is now (just the fields changed since, for a full client). */
  private recordDelta(client: string, since: number): Change[] {
    const { q, v } = this.sessions.get(client) ?? { q: undefined, v: this.versions.latest };
    const out: Change[] = [];
    for (const record of this.state.records.values()) {
      const { c, id } = record;
      const back = record.back !== undefined && record.back > since; // brought back: send it whole
      const changed = Object.entries(record.f).filter(([, [, , syncId]]) => back || syncId > since);
      const deleted = record.del !== undefined && record.del > since;
      if (changed.length === 0 && !deleted) continue;
      let effect: Effect;
      if (q)
        effect = inSubscription(record, q)
          ? { k: 'fields', c, id, f: fieldStates(record) }
          : { k: 'gone', c, id };
      else if (record.del !== undefined) effect = deleted ? { k: 'deleted', c, id } : { k: 'none' };
      else
        effect = {
          k: 'fields',
          c,
          id,
          f: Object.fromEntries(changed.map(([f, [v, h]]) => [f, [v, h] as const])),
        };
      if (effect.k !== 'none') out.push({ s: this.syncId, e: this.down(effect, v) });
    }
    return out;
  }

  private restore(snapshot: StoredSnapshot): void {
    this.horizon = snapshot.horizon;
    this.collected = snapshot.collected;
    for (const record of snapshot.records) this.state.records.set(recordKey(record.c, record.id), record);
    for (const [name, text, rev, history] of snapshot.texts)
      this.state.texts.set(name, { text, rev, history: [...history] });
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

  private ledger(client: string): ClientLedger {
    let ledger = this.ledgers.get(client);
    if (!ledger) {
      ledger = { n: 0, rj: [] };
      this.ledgers.set(client, ledger);
    }
    return ledger;
  }

  private saveLedger(client: string, ledger: ClientLedger): void {
    this.storage.set(`${CLIENT_PREFIX}${client}`, encodeStored(ledger));
  }
}
