/**
 * The reference engine's server: an ordered change log over `ServerState`. Every accepted
 * client transaction becomes the next sync id; each client's transactions are processed once,
 * in order (a resent one is recognised by its number). A reconnecting client gets the changes
 * since its sync id compacted: each changed record once with its current fields, text
 * operations composed. The log is the durable state: a restarted server replays it.
 */
import type { DurableStorage } from '../../adapters/contract.ts';
import type { Change, Effect, Mutation, ServerMessage } from './protocol.ts';
import { decodeStored, encodeStored } from './protocol.ts';
import { recordKey, ServerState } from './server-state.ts';
import type { TextOperation } from './text-operation.ts';
import { apply as applyText, compose } from './text-operation.ts';

interface ClientLedger {
  /** The client's last processed transaction. */
  n: number;
  /** Rejected transactions whose outcome the client may not know yet: `[n, reason]`. */
  rj: (readonly [number, string])[];
}

const LOG_PREFIX = 'log/';
const CLIENT_PREFIX = 'client/';

export class EngineServer {
  readonly state = new ServerState();
  private readonly log: Change[] = [];
  private readonly ledgers = new Map<string, ClientLedger>();

  constructor(private readonly storage: DurableStorage) {
    const entries = storage.keys().filter((k) => k.startsWith(LOG_PREFIX));
    entries.sort((a, b) => Number(a.slice(LOG_PREFIX.length)) - Number(b.slice(LOG_PREFIX.length)));
    for (const key of entries) {
      const bytes = storage.get(key);
      if (bytes) this.replay(decodeStored<Change>(bytes));
    }
    for (const key of storage.keys().filter((k) => k.startsWith(CLIENT_PREFIX))) {
      const bytes = storage.get(key);
      if (bytes) this.ledgers.set(key.slice(CLIENT_PREFIX.length), decodeStored<ClientLedger>(bytes));
    }
  }

  get syncId(): number {
    return this.log.length;
  }

  /** The answer to a client's hello: what it missed since `since`, compacted. */
  welcome(client: string, since: number, knownOutcomes: number): ServerMessage {
    const ledger = this.ledger(client);
    ledger.rj = ledger.rj.filter(([n]) => n > knownOutcomes);
    this.saveLedger(client, ledger);
    const from = since > this.syncId ? 0 : since; // a client ahead of a server that lost data starts over
    return { t: 'welcome', n: ledger.n, rj: ledger.rj, ch: this.delta(client, from), s: this.syncId };
  }

  /**
   * Processes transaction `n` of `client`: what to tell the author (an acknowledgement or a
   * rejection) and, when the workspace changed, the change for every other client. A
   * transaction already processed is acknowledged again and changes nothing.
   */
  push(client: string, n: number, m: Mutation): { toAuthor: ServerMessage; toOthers?: ServerMessage } {
    const ledger = this.ledger(client);
    if (n <= ledger.n) {
      const rejection = ledger.rj.find(([r]) => r === n);
      return {
        toAuthor: rejection ? { t: 'reject', n, why: rejection[1] } : { t: 'ack', s: this.syncId, n },
      };
    }
    ledger.n = n;
    const outcome = this.state.apply(m, this.syncId + 1);
    if ('rejected' in outcome) {
      ledger.rj.push([n, outcome.rejected]);
      this.saveLedger(client, ledger);
      return { toAuthor: { t: 'reject', n, why: outcome.rejected } };
    }
    this.saveLedger(client, ledger);
    const e = outcome.effect;
    if (e.k === 'none') return { toAuthor: { t: 'ack', s: this.syncId, n } };
    const change: Change = { s: this.syncId + 1, o: [client, n], e };
    this.log.push(change);
    this.storage.set(`${LOG_PREFIX}${change.s}`, encodeStored(change));
    const ack: ServerMessage =
      e.k === 'text' ? { t: 'ack', s: change.s, n, r: e.r } : { t: 'ack', s: change.s, n };
    // Others need no author: only the author acts on its own transactions (through the ack).
    return { toAuthor: ack, toOthers: { t: 'change', ch: { s: change.s, e } } };
  }

  /** Changes after `since`: each record once, as it is now; text operations composed between the client's own. */
  private delta(client: string, since: number): Change[] {
    const records = new Set<string>();
    const out: Change[] = [];
    let run: { d: string; r: number; op: TextOperation; s: number } | undefined;
    const flush = (): void => {
      if (run) out.push({ s: run.s, e: { k: 'text', d: run.d, r: run.r, op: run.op } });
      run = undefined;
    };
    for (const change of this.log.slice(since)) {
      const e = change.e;
      if (e.k === 'fields' || e.k === 'deleted') records.add(recordKey(e.c, e.id));
      if (e.k !== 'text') continue;
      const own = change.o?.[0] === client;
      if (own || (run && run.d !== e.d)) flush();
      if (own) out.push(change);
      else
        run = run
          ? { d: e.d, r: e.r, op: compose(run.op, e.op), s: change.s }
          : { d: e.d, r: e.r, op: e.op, s: change.s };
    }
    flush();
    for (const key of records) {
      const record = this.state.records.get(key);
      if (!record) continue;
      let effect: Effect;
      if (record.del !== undefined) effect = { k: 'deleted', c: record.c, id: record.id };
      else {
        const fields = Object.fromEntries(
          Object.entries(record.f)
            .filter(([, [, , syncId]]) => syncId > since)
            .map(([field, [value, stamp]]) => [field, [value, stamp] as const]),
        );
        effect = { k: 'fields', c: record.c, id: record.id, f: fields };
      }
      out.push({ s: this.syncId, e: effect });
    }
    return out;
  }

  private replay(change: Change): void {
    const e = change.e;
    this.log.push(change);
    if (e.k === 'fields') {
      const key = recordKey(e.c, e.id);
      const record = this.state.records.get(key) ?? { c: e.c, id: e.id, f: {} };
      for (const [field, [value, stamp]] of Object.entries(e.f)) record.f[field] = [value, stamp, change.s];
      this.state.records.set(key, record);
    } else if (e.k === 'deleted') {
      const record = this.state.records.get(recordKey(e.c, e.id));
      if (record) record.del = change.s;
    } else if (e.k === 'text') {
      const doc = this.state.text(e.d);
      doc.text = applyText(doc.text, e.op);
      doc.history.push(e.op);
    }
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
