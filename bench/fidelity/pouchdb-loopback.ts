/**
 * The fidelity workload on PouchDB's real deployment stack over real loopback sockets: a PouchDB
 * per client replicating live (the same `LiveReplications` the simulated client runs) through
 * PouchDB's HTTP adapter and its default fetch, with express-pouchdb behind Node's http server on
 * 127.0.0.1 (an ephemeral port, bounded in time), each client through its own proxy, which a
 * partition cuts. Going offline and back is what the simulated client hears as its link going
 * down and up: its replications stop and restart. It counts the HTTP bodies each side hands its
 * stack (the payload) and what the server's TCP sockets carry, by direction.
 */
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { DB_NAME, pouchdbServerApp } from '../../adapters/pouchdb/express-server.ts';
import { LiveReplications, remoteDatabase } from '../../adapters/pouchdb/live-replications.ts';
import { LocalStore, POUCHDB_OPS } from '../../adapters/pouchdb/local-store.ts';
import { serverDatabase, serverStore } from '../../adapters/pouchdb/pouchdb-server.ts';
import { canonicalJson } from '../../src/contract/canonical.ts';
import type { SchemaDefinition } from '../../src/contract/contract.ts';
import { memoryStorage } from '../../src/runner/replica-host.ts';
import type { Directed } from './directed.ts';
import { carriedBy } from './directed.ts';
import { ClientProxies } from './client-proxies.ts';
import { driveOps } from './drive-ops.ts';
import type { FidelityWorkload } from './workload.ts';
import { partitioned } from './workload.ts';

const SCHEMA: SchemaDefinition = { collections: ['items'], texts: ['doc'] };
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const fail = (m: string): void => {
  throw new Error(m);
};

/** A running server and its clients on loopback. */
export class PouchdbLoopback {
  private constructor(
    /** The HTTP bodies handed to the stacks so far. */
    readonly payload: Directed,
    readonly server: LocalStore,
    readonly clients: readonly LocalStore[],
    readonly replications: readonly LiveReplications[],
    readonly proxies: ClientProxies,
    private readonly sockets: Socket[],
    private readonly close: () => Promise<void>,
  ) {}

  static async start(
    clientCount: number,
    w: Pick<FidelityWorkload, 'compression'> = {},
  ): Promise<PouchdbLoopback> {
    const payload: Directed = { up: 0, down: 0 };
    let app: ReturnType<typeof pouchdbServerApp> | undefined;
    const server = new LocalStore(memoryStorage(), SCHEMA, POUCHDB_OPS, fail, {
      storeOf: serverStore,
      database: (leveldown) => {
        const served = serverDatabase(leveldown);
        app = pouchdbServerApp(
          served.Pouch,
          w.compression ?? 'none',
          (_req, bytes) => (payload.down += bytes),
        );
        return served.db;
      },
    });
    server.db.setMaxListeners(0);
    const http = createServer(app);
    const sockets: Socket[] = [];
    http.on('connection', (s: Socket) => void sockets.push(s));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const proxies = await ClientProxies.start((http.address() as AddressInfo).port, clientCount);
    const clients: LocalStore[] = [];
    const replications: LiveReplications[] = [];
    for (let i = 0; i < clientCount; i++) {
      const store = new LocalStore(memoryStorage(), SCHEMA, POUCHDB_OPS, fail);
      const url = `http://${new URL(proxies.url(i)).host}/${DB_NAME}`;
      const remote = remoteDatabase(
        url,
        (bytes) => (payload.up += bytes),
        () => {},
      );
      const live = new LiveReplications(store.db, remote, {
        after: (ms, fire) => {
          const timer = setTimeout(fire, ms);
          return () => clearTimeout(timer);
        },
        log: () => {},
      });
      clients.push(store);
      replications.push(live);
    }
    const loopback = new PouchdbLoopback(
      payload,
      server,
      clients,
      replications,
      proxies,
      sockets,
      async () => {
        for (const r of replications) r.close();
        await proxies.close();
        for (const c of clients) await c.close('end');
        await server.close('end');
        for (const s of sockets) s.destroy();
        await new Promise<void>((resolve) => http.close(() => resolve()));
      },
    );
    for (const r of replications) r.online();
    return loopback;
  }

  /** The states of every client (or of clients `subset`, 0-based) equal the server's. */
  agreed(subset?: readonly number[]): boolean {
    const serverState = canonicalJson(this.server.snapshot());
    const clients = subset ? subset.map((i) => this.clients[i]) : this.clients;
    return clients.every((c) => c !== undefined && canonicalJson(c.snapshot()) === serverState);
  }

  socketBytes(): Directed {
    return carriedBy(this.sockets);
  }

  stop(): Promise<void> {
    return this.close();
  }
}

/** Runs the workload: each op reaches every connected replica before the next, like the simulator's 1 ms link. */
export async function runPouchdbLoopback(
  w: FidelityWorkload,
): Promise<{ payload: Directed; socket: Directed; converged: boolean }> {
  const clientsStart = Date.now();
  const loopback = await PouchdbLoopback.start(w.clients, w);
  const cut = partitioned(w);
  try {
    const converged = await driveOps(w, {
      apply: (i, op) => {
        const outcome = loopback.clients[i]?.apply(op);
        if (outcome?.status !== 'applied')
          throw new Error(`c${i + 1} ${op.kind}: ${JSON.stringify(outcome)}`);
      },
      agreed: (clients) => loopback.agreed(clients),
      // A partition is, for the clients it cuts, going offline and back (their replications stop and restart).
      proxies: {
        cut: (indexes) => {
          loopback.proxies.cut(indexes);
          for (const i of indexes) loopback.replications[i]?.offline();
        },
        heal: () => {
          loopback.proxies.heal();
          for (const i of cut) loopback.replications[i]?.online();
        },
      },
      startAt: clientsStart + 1_000,
    });
    await sleep(100);
    return { payload: { ...loopback.payload }, socket: loopback.socketBytes(), converged };
  } finally {
    await loopback.stop();
  }
}
