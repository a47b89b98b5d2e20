/**
 * The server replica: a PouchDB database behind the CouchDB-compatible HTTP handler. It answers
 * each request on the connection it came in on, and wakes waiting long polls on every change.
 */
import type {
  ApplyOutcome,
  CloseReason,
  Op,
  ReadPath,
  ReadValue,
  Replica,
  ReplicaContext,
  ReplicaId,
  Snapshot,
  StoredSize,
} from '../../src/contract/contract.ts';
import { CouchHandler } from './couch-handler.ts';
import { decodeRequest, encodeResponse } from './http-wire.ts';
import { LocalStore, POUCHDB_OPS } from './local-store.ts';
import { randomHex } from '../../src/sim/prng.ts';

const UUID_KEY = 'couchdb/uuid';

/** CouchDB's server uuid: made once from the seed and kept, as CouchDB keeps it in its config. */
function serverUuid(ctx: ReplicaContext): string {
  const stored = ctx.storage.get(UUID_KEY);
  if (stored) return new TextDecoder().decode(stored);
  const uuid = randomHex(ctx.random, 16);
  ctx.storage.set(UUID_KEY, new TextEncoder().encode(uuid));
  return uuid;
}

export class PouchdbServer implements Replica {
  private readonly store: LocalStore;
  private readonly handler: CouchHandler;
  private readonly clients = new Set<ReplicaId>();

  constructor(private readonly ctx: ReplicaContext) {
    this.store = new LocalStore(
      ctx.storage,
      ctx.schema,
      POUCHDB_OPS,
      (m) => ctx.log(m, 'error'),
      () => void this.handler.notify(),
    );
    // Every `changes` call listens for the database's 'destroyed' event while it runs; a server
    // answering many clients' requests at once runs more of them than Node's default warning allows.
    this.store.db.setMaxListeners(0);
    this.handler = new CouchHandler({
      db: this.store.db,
      uuid: serverUuid(ctx),
      now: () => ctx.now(),
      after: (ms, fire) => ctx.timers.after(ms, fire),
    });
  }

  apply(op: Op): ApplyOutcome {
    return this.store.apply(op);
  }

  receive(from: ReplicaId, bytes: Uint8Array): void {
    const { exchange, request } = decodeRequest(bytes);
    void this.handler.handle(from, request, (response) => {
      if (this.clients.has(from)) this.ctx.send(from, encodeResponse(exchange, response));
    });
  }

  connected(peer: ReplicaId): void {
    this.clients.add(peer);
  }

  disconnected(peer: ReplicaId): void {
    this.clients.delete(peer);
    this.handler.disconnected(peer);
  }

  read(path: ReadPath): ReadValue {
    return this.store.read(path);
  }

  snapshot(): Snapshot {
    return this.store.snapshot();
  }

  storedBytes(): StoredSize {
    return { bytes: this.store.storedBytes() };
  }

  counters(): Record<string, number> {
    return { conflicts: this.store.conflicts };
  }

  idle(): void {}

  async close(reason: CloseReason): Promise<void> {
    this.clients.clear();
    this.handler.close();
    await this.store.close(reason);
  }
}
