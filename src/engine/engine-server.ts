/**
 * The reference engine's server: an ordered change log over `ServerState`. Every accepted
 * client transaction becomes the next sync id; each client's transactions are processed once,
 * in order (a resent one is recognised by its number). Its durable record (log, snapshot,
 * client ledgers) is `server-storage.ts`; what a client is sent when it says hello is
 * `server-catch-up.ts`.
 *
 * A reconnecting client gets the changes since its sync id, compacted: each changed record once
 * with just the fields changed since (every field remembers the sync id that set it, so this
 * needs no log), text operations composed. The log is the server's write-ahead record: every
 * `compactEvery` changes (once it holds a quarter of the snapshot's bytes), or once it outgrows
 * the snapshot, the server
 * writes its state as a compressed snapshot and truncates the log (the horizon). Tombstones are
 * kept for `keepTombstones` changes and then collected, so what the server stores stays close
 * to the workspace itself; a client whose sync id is older than the collected tombstones (or a
 * new one) gets a snapshot instead, in parts of `snapshotPart` records. A client with a subscription only hears of records in its
 * slice, including records that move into it (all their fields) or out of it (`gone`).
 */
import type { DurableStorage, SchemaDefinition, Subscription } from '../contract/contract.ts';
import type { Change, Effect, Mutation, ServerMessage } from './protocol.ts';
import { SchemaVersions } from './schema-versions.ts';
import type { Session } from './server-catch-up.ts';
import { effectAt, recordDelta, snapshotParts, textDelta } from './server-catch-up.ts';
import { fieldStates, inSubscription, recordKey, ServerState } from './server-state.ts';
import { ServerStorage } from './server-storage.ts';

export interface ServerOptions {
  /** Changes between two compactions (default 1,000). */
  readonly compactEvery?: number;
  /** Records per snapshot message (default 500). */
  readonly snapshotPart?: number;
  /** Changes a tombstone outlives its delete by before it is collected (default 20,000). */
  readonly keepTombstones?: number;
}

export class EngineServer {
  readonly state: ServerState;
  private readonly stored: ServerStorage;
  /** Connected clients that said hello: their subscription and schema version. */
  private readonly sessions = new Map<string, Session>();
  private readonly versions: SchemaVersions;

  private readonly compactEvery: number;
  private readonly snapshotPart: number;
  private readonly keepTombstones: number;

  constructor(storage: DurableStorage, schema: SchemaDefinition, options: ServerOptions = {}) {
    this.versions = new SchemaVersions(schema);
    this.state = new ServerState(schema.deleteVsUpdate);
    this.compactEvery = options.compactEvery ?? 1_000;
    this.snapshotPart = options.snapshotPart ?? 500;
    this.keepTombstones = options.keepTombstones ?? 20_000;
    this.stored = new ServerStorage(storage, this.state);
  }

  get syncId(): number {
    return this.stored.syncId;
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
    const ledger = this.stored.ledger(client);
    ledger.rj = ledger.rj.filter(([n]) => n > hello.n);
    this.stored.saveLedger(client, ledger);
    const session = { q: hello.q, v: hello.v };
    const byDelta = hello.s > this.stored.collected && hello.s <= this.syncId;
    const { changes: textChanges, reset } = textDelta(this.state, client, session, hello.tr, this.syncId);
    const messages = byDelta
      ? []
      : snapshotParts(this.state, this.versions, session, reset, this.snapshotPart);
    const changes = [
      ...(byDelta ? recordDelta(this.state, this.versions, session, hello.s, this.syncId) : []),
      ...textChanges,
    ];
    messages.push({
      t: 'welcome',
      n: ledger.n,
      rj: ledger.rj,
      ch: changes,
      s: this.syncId,
      ...(byDelta && reset.length > 0 ? { x: reset } : {}),
    });
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
  ): { toAuthor: ServerMessage; alsoToAuthor?: ServerMessage; toOthers: Map<string, ServerMessage> } {
    const none = new Map<string, ServerMessage>();
    const ledger = this.stored.ledger(client);
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
      this.stored.saveLedger(client, ledger);
      return { toAuthor: { t: 'reject', n, why: outcome.rejected }, toOthers: none };
    }
    this.stored.saveLedger(client, ledger);
    const e = outcome.effect;
    if (e.k === 'none') return { toAuthor: { t: 'ack', s: this.syncId, n }, toOthers: none };
    const change: Change = { s: this.syncId + 1, o: [client, n], e };
    this.stored.append(change);
    const toAuthor: ServerMessage =
      e.k === 'text' ? { t: 'ack', s: change.s, n, r: e.r } : { t: 'ack', s: change.s, n };
    const toOthers = new Map<string, ServerMessage>();
    for (const [other, { q, v }] of this.sessions) {
      if (other === client) continue;
      const effect = this.shaped(e, q, before.get(other) ?? false);
      if (effect) toOthers.set(other, { t: 'change', ch: { s: change.s, e: this.down(effect, v) } });
    }
    if (this.stored.due(this.compactEvery)) this.stored.compact(this.keepTombstones);
    // The author's own write moved the record into its slice: what others wrote to it while it
    // was outside never reached the author, so after the acknowledgement it gets the whole record.
    const author = this.sessions.get(client);
    const entered = author?.q && !before.get(client) ? this.shaped(e, author.q, false) : undefined;
    const alsoToAuthor: ServerMessage | undefined =
      entered && entered.k === 'fields'
        ? { t: 'change', ch: { s: change.s, e: this.down(entered, author?.v ?? this.versions.latest) } }
        : undefined;
    return { toAuthor, ...(alsoToAuthor ? { alsoToAuthor } : {}), toOthers };
  }

  /** A client's mutation in the server's (newest) schema version. */
  private upFrom(client: string, m: Mutation): Mutation {
    const v = this.sessions.get(client)?.v ?? this.versions.latest;
    if (m.k === 'text' || m.k === 'delete' || v === this.versions.latest) return m;
    return { ...m, f: this.versions.fields(m.c, m.f, v, this.versions.latest, m.k === 'update') };
  }

  /** An effect as a client at schema version `v` sees it. */
  private down(e: Effect, v: number): Effect {
    return effectAt(this.versions, e, v);
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
}
