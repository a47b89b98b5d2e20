/**
 * The server replica on PouchDB's real server stack: `express-pouchdb` 4.2 (the HTTP layer of
 * `pouchdb-server`, in its `minimumForPouchDB` mode: the routes PouchDB's replication uses)
 * behind Node's http server, over simulated sockets, in front of a PouchDB 9 database kept in the
 * replica's durable storage. What it serves is a PouchDB-backed CouchDB-compatible server, not
 * Apache CouchDB (which cannot run in-process here): its heads, chunking, long polls and
 * heartbeats are express-pouchdb's own.
 *
 * The stack is run unchanged (`express-server.ts`), with two things set from outside:
 * - the `Date` header of each response comes from the virtual clock (Node's http server takes
 *   it from the wall clock, cached on a real timer);
 * - the list of databases (`pouchdb-all-dbs`, which listens for every database any PouchDB in
 *   the process creates, clients' included, and never stops) is the one database the server
 *   holds, created before clients connect, as a deployment creates its database.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
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
import { HttpServerConnections } from '../../src/contract/sim-http-connections.ts';
import type { SimSocket } from '../../src/contract/sim-socket.ts';
import { VIRTUAL_EPOCH_MS } from '../../src/sim/virtual-runtime.ts';
import type { LevelDownFactory } from './durable-down.ts';
import type { ExpressApp } from './express-server.ts';
import { DB_NAME, pouchdbServerApp } from './express-server.ts';
import { LocalStore, POUCHDB_OPS } from './local-store.ts';
import type { PouchDatabase } from './pouch.ts';
import { PouchDB, drawIdsFromThisRun } from './pouch.ts';

export class PouchdbServer implements Replica {
  private readonly store: LocalStore;
  private readonly http: Server;
  private readonly connections: HttpServerConnections;

  constructor(ctx: ReplicaContext) {
    drawIdsFromThisRun();
    let app: ExpressApp | undefined;
    this.store = new LocalStore(ctx.storage, ctx.schema, POUCHDB_OPS, (m) => ctx.log(m, 'error'), {
      storeOf: serverStore,
      database: (leveldown) => {
        const served = serverDatabase(leveldown);
        app = pouchdbServerApp(served.Pouch, ctx.compression, (req, bytes) =>
          ctx.payloadSent((req.socket as unknown as SimSocket).peer as ReplicaId, bytes),
        );
        return served.db;
      },
    });
    // Every `changes` call listens for the database's 'destroyed' event while it runs; a server
    // answering many clients' requests at once runs more of them than Node's default warning allows.
    this.store.db.setMaxListeners(0);
    const serve = app as ExpressApp;
    this.http = createServer((req, res) => {
      res.setHeader('Date', new Date(VIRTUAL_EPOCH_MS + ctx.now()).toUTCString());
      serve(req, res);
    });
    this.connections = new HttpServerConnections(
      (to, bytes, connection) => ctx.send(to, bytes, connection),
      (socket) => this.http.emit('connection', socket),
    );
  }

  apply(op: Op): ApplyOutcome {
    return this.store.apply(op);
  }

  receive(from: ReplicaId, bytes: Uint8Array, connection = 0): void {
    this.connections.receive(from, bytes, connection);
  }

  connected(): void {}

  disconnected(peer: ReplicaId): void {
    this.connections.disconnected(peer);
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
    this.connections.resetAll();
    await this.store.close(reason);
  }
}

interface ServedPouch {
  new (name: string): PouchDatabase;
  allDbs?: (callback?: (error: Error | null, names: string[]) => void) => Promise<string[]>;
  __dbCacheMap?: Map<string, PouchDatabase>;
}

/** Server databases opened in this process. */
let opened = 0;
const PREFIX = 'syncbench-server-';

/**
 * The durable name of a server database at a leveldown location: its name without the prefix of
 * its incarnation (`_pouch_syncbench-server-3-db` is `db`).
 */
export function serverStore(location: string): string {
  return location.replace(new RegExp(`^.*?${PREFIX}\\d+-`), '');
}

/**
 * The server's PouchDB (on `leveldown`) and the one database it serves, already open. Each gets a
 * name prefix of its own: PouchDB keys its process-wide change listeners by the database's full
 * name and an id drawn from `Math.random`, which every run of a seed draws alike, so a database
 * named as one of an earlier run would find its listeners taken (and never hear of its changes).
 * The prefix is not on the wire: the database is `db` in URLs and in its info.
 */
export function serverDatabase(leveldown: LevelDownFactory): { Pouch: ServedPouch; db: PouchDatabase } {
  const Pouch = (PouchDB as unknown as { defaults(o: unknown): ServedPouch }).defaults({
    adapter: 'memory',
    db: leveldown,
    prefix: `${PREFIX}${++opened}-`,
  });
  Pouch.allDbs = (callback) => {
    const names = [DB_NAME];
    callback?.(null, names);
    return Promise.resolve(names);
  };
  const db = new Pouch(DB_NAME);
  // express-pouchdb opens each database once and keeps it here (`getOrCreateDB`).
  Pouch.__dbCacheMap = new Map([[DB_NAME, db]]);
  return { Pouch, db };
}
