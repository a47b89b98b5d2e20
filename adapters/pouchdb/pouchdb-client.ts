/**
 * A PouchDB client: a local database replicating live with the server over the CouchDB
 * replication protocol (a push and a pull replication, as `db.sync` runs them), through a
 * `fetch` that carries HTTP/1.1 over the simulated transport. PouchDB's own retry loop sleeps on
 * real timers, so replications run with `retry: false` and the client restarts a failed one
 * itself on virtual time, backing off like PouchDB's default (doubling, capped); a reconnect
 * restarts them at once. Pull can be filtered by a Mango selector (partial sync).
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
import { DB_NAME } from './couch-handler.ts';
import { LocalStore, POUCHDB_OPS } from './local-store.ts';
import type { PouchDatabase, Replication } from './pouch.ts';
import { PouchDB } from './pouch.ts';
import { selectorFor } from './pouchdb-model.ts';
import { SimulatedFetch } from './simulated-fetch.ts';

const FIRST_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 60_000;

type Direction = 'push' | 'pull';

export class PouchdbClient implements Replica {
  private readonly store: LocalStore;
  private readonly http: SimulatedFetch;
  private readonly remote: PouchDatabase;
  private readonly server: ReplicaId;
  private readonly replications = new Map<Direction, Replication>();
  private readonly retries = new Map<Direction, () => void>();
  private backoffMs = FIRST_BACKOFF_MS;
  private restarts = 0;
  private closed = false;

  private readonly selector: Record<string, unknown> | undefined;

  constructor(private readonly ctx: ReplicaContext) {
    const server = ctx.peers[0];
    if (!server) throw new Error(`PouchDB client ${ctx.id} has no server to replicate with`);
    this.server = server;
    this.store = new LocalStore(ctx.storage, ctx.schema, POUCHDB_OPS, (m) => ctx.log(m, 'error'));
    this.http = new SimulatedFetch(server, (bytes) => ctx.send(server, bytes));
    this.remote = new PouchDB(`http://${server}/${DB_NAME}`, { adapter: 'http', fetch: this.http.fetch });
    this.guardInfo();
    this.selector = ctx.subscription && selectorFor(ctx.subscription);
  }

  apply(op: Op): ApplyOutcome {
    return this.store.apply(op);
  }

  receive(_from: ReplicaId, bytes: Uint8Array): void {
    this.http.receive(bytes);
  }

  connected(peer: ReplicaId): void {
    if (peer !== this.server) return;
    this.http.connected();
    this.backoffMs = FIRST_BACKOFF_MS;
    this.start('push');
    this.start('pull');
  }

  disconnected(peer: ReplicaId): void {
    if (peer !== this.server) return;
    for (const direction of ['push', 'pull'] as const) this.stop(direction);
    this.http.disconnected();
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
    return { replicationRestarts: this.restarts };
  }

  idle(): void {}

  async close(reason: CloseReason): Promise<void> {
    this.closed = true;
    for (const direction of ['push', 'pull'] as const) this.stop(direction);
    this.http.disconnected();
    await this.store.close(reason);
  }

  /**
   * PouchDB's replicator asks the source for `info()` after every batch, only to update its
   * progress figures, and never handles that promise's failure (pouchdb-replication's
   * `finishBatch`): when the connection drops at that moment, Node reports an unhandled
   * rejection, which ends a Node process. The remote's `info` therefore answers a network
   * failure with an empty info; the replication itself still fails on its next request.
   */
  private guardInfo(): void {
    const info = this.remote.info.bind(this.remote);
    this.remote.info = () =>
      info().catch((error: Error) => {
        this.ctx.log(`remote info failed: ${error.message}`);
        return { db_name: DB_NAME, doc_count: 0, update_seq: 0 };
      });
  }

  private start(direction: Direction): void {
    if (this.closed || this.replications.has(direction)) return;
    const local = this.store.db;
    const options = { live: true, retry: false };
    const replication =
      direction === 'push'
        ? PouchDB.replicate(local, this.remote, options)
        : PouchDB.replicate(
            this.remote,
            local,
            this.selector ? { ...options, selector: this.selector } : options,
          );
    replication.on('error', (error: Error) => this.failed(direction, replication, error));
    this.replications.set(direction, replication);
  }

  private stop(direction: Direction): void {
    this.retries.get(direction)?.();
    this.retries.delete(direction);
    const replication = this.replications.get(direction);
    this.replications.delete(direction);
    replication?.cancel();
  }

  /** A replication stopped with an error: try again after a back-off while connected. */
  private failed(direction: Direction, replication: Replication, error: Error): void {
    if (this.replications.get(direction) !== replication) return; // already stopped on purpose
    this.replications.delete(direction);
    if (this.closed) return;
    this.ctx.log(`${direction} replication failed: ${error.message}; retrying in ${this.backoffMs} ms`);
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
    this.retries.set(
      direction,
      this.ctx.timers.after(delay, () => {
        this.retries.delete(direction);
        this.restarts++;
        this.start(direction);
      }),
    );
  }
}
