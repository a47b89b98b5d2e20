/**
 * A PouchDB client: a local database replicating live with the server over the CouchDB
 * replication protocol (`LiveReplications`), through PouchDB's own HTTP adapter and its Node
 * `fetch` (node-fetch, as `pouchdb-fetch` ships it), whose connections go over the simulated
 * transport: a new connection per request, as node-fetch without an agent asks for
 * (`Connection: close`). Going offline stops the replications; coming back online restarts them.
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
import { HttpClientConnections } from '../../src/contract/sim-http-connections.ts';
import { simulatedHost } from '../../src/contract/sim-socket.ts';
import { DB_NAME } from './express-server.ts';
import { LiveReplications, remoteDatabase } from './live-replications.ts';
import { LocalStore, POUCHDB_OPS } from './local-store.ts';
import { drawIdsFromThisRun } from './pouch.ts';

export class PouchdbClient implements Replica {
  private readonly store: LocalStore;
  private readonly connections: HttpClientConnections;
  private readonly host: { readonly host: string; remove(): void };
  private readonly replications: LiveReplications;
  private readonly server: ReplicaId;

  constructor(ctx: ReplicaContext) {
    drawIdsFromThisRun();
    const server = ctx.peers[0];
    if (!server) throw new Error(`PouchDB client ${ctx.id} has no server to replicate with`);
    this.server = server;
    this.store = new LocalStore(ctx.storage, ctx.schema, POUCHDB_OPS, (m) => ctx.log(m, 'error'));
    this.connections = new HttpClientConnections(server, (to, bytes, connection) =>
      ctx.send(to, bytes, connection),
    );
    this.host = simulatedHost(() => this.connections.open());
    const remote = remoteDatabase(
      `http://${this.host.host}/${DB_NAME}`,
      (bytes) => ctx.payloadSent(server, bytes),
      (m) => ctx.log(m),
    );
    this.replications = new LiveReplications(this.store.db, remote, {
      after: (ms, fire) => ctx.timers.after(ms, fire),
      log: (m) => ctx.log(m),
    });
  }

  apply(op: Op): ApplyOutcome {
    return this.store.apply(op);
  }

  receive(_from: ReplicaId, bytes: Uint8Array, connection = 0): void {
    this.connections.receive(bytes, connection);
  }

  connected(peer: ReplicaId): void {
    if (peer !== this.server) return;
    this.connections.connected();
    this.replications.online();
  }

  disconnected(peer: ReplicaId): void {
    if (peer !== this.server) return;
    this.replications.offline();
    this.connections.disconnected();
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
    return { replicationRestarts: this.replications.restarts };
  }

  idle(): void {}

  async close(reason: CloseReason): Promise<void> {
    this.replications.close();
    this.connections.close();
    this.host.remove();
    await this.store.close(reason);
  }
}
