/**
 * The fidelity workload on RxDB's real deployment stack over real loopback sockets: an
 * RxDatabase per client replicated by the `replication-websocket` plugin's
 * `replicateWithWebsocketServer`, and the plugin's `startWebsocketServer` over a server
 * RxDatabase, behind Node's http server on 127.0.0.1 (an ephemeral port, bounded in time). The
 * databases are opened as the simulator opens them. It counts what each side hands its WebSocket
 * (the payload) and what the TCP sockets carry (frames, the upgrade handshake), by direction.
 *
 * `dropConnections` cuts every client connection (both TCP sockets destroyed) the next time a
 * client speaks, and resolves once it has: the finding test uses it to lose a push's answer.
 */
import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { RxCollection, RxDatabase } from 'rxdb';
import { replicateWithWebsocketServer, startWebsocketServer } from 'rxdb/plugins/replication-websocket';
import { ownPluginSockets } from '../../adapters/rxdb/plugin-sockets.ts';
import { closeWorkspace, followWorkspace, openWorkspace } from '../../adapters/rxdb/rxdb-database.ts';
import type { WorkspaceDoc } from '../../adapters/rxdb/rxdb-model.ts';
import { writeFor } from '../../adapters/rxdb/rxdb-model.ts';
import { canonicalJson } from '../../src/contract/canonical.ts';
import type { Compression } from '../../src/contract/contract.ts';
import { reportSends } from '../../src/contract/ws-payload.ts';
import type { Directed } from './directed.ts';
import { carriedBy } from './directed.ts';
import { ClientProxies } from './client-proxies.ts';
import { driveOps } from './drive-ops.ts';
import type { FidelityWorkload, TimedOp } from './workload.ts';

export interface RxdbStackFigures {
  readonly payload: Directed;
  readonly socket: Directed;
  readonly converged: boolean;
}

interface Workspace {
  readonly db: RxDatabase;
  readonly collection: RxCollection<WorkspaceDoc>;
  readonly view: Map<string, WorkspaceDoc>;
  readonly name: string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
let opened = 0;

async function workspace(role: string): Promise<Workspace> {
  const name = `fidelity-${++opened}-${role}`;
  const { db, collection } = await openWorkspace(name, 1, []);
  const view = new Map<string, WorkspaceDoc>();
  await followWorkspace(collection, view);
  return { db, collection, view, name };
}

/** A running server and its clients on loopback, for a workload or a finding. */
export class RxdbLoopback {
  private constructor(
    /** Bytes handed to WebSockets so far. */
    readonly payload: Directed,
    readonly server: Workspace,
    readonly clients: readonly Workspace[],
    private readonly sockets: readonly Socket[],
    private readonly setDropping: () => Promise<void>,
    /** Each client connects through its own proxy, which a partition cuts. */
    readonly proxies: ClientProxies,
    private readonly close: () => Promise<void>,
  ) {}

  static async start(clientCount: number, compression: Compression = 'none'): Promise<RxdbLoopback> {
    const payload: Directed = { up: 0, down: 0 };
    const server = await workspace('server');
    const state = startWebsocketServer({
      database: server.db,
      noServer: true,
      perMessageDeflate: compression === 'deflate',
    });
    const http = createServer();
    const sockets: Socket[] = [];
    let dropping: (() => void) | undefined;
    http.on('connection', (s: Socket) => {
      sockets.push(s);
      s.on('data', () => {
        if (!dropping) return;
        const dropped = dropping;
        dropping = undefined;
        setImmediate(dropped);
        for (const each of sockets) each.destroy();
      });
    });
    http.on('upgrade', (req: IncomingMessage, s: Socket, head: Buffer) =>
      state.server.handleUpgrade(req, s, head, (conn) => {
        reportSends(conn, (bytes) => (payload.down += bytes));
        state.server.emit('connection', conn, req);
      }),
    );
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const proxies = await ClientProxies.start((http.address() as AddressInfo).port, clientCount);
    const releases: (() => void)[] = [];
    const clients: Workspace[] = [];
    const replications: Promise<{ cancel(): Promise<unknown> }>[] = [];
    for (let i = 0; i < clientCount; i++) {
      const client = await workspace(`c${i + 1}`);
      clients.push(client);
      const url = proxies.url(i);
      releases.push(
        ownPluginSockets(new URL(url).host, { report: (bytes) => (payload.up += bytes), log: () => {} }),
      );
      replications.push(
        replicateWithWebsocketServer({
          collection: client.collection,
          url,
          replicationIdentifier: 'syncbench-server',
          live: true,
        }),
      );
    }
    await Promise.all(replications);
    return new RxdbLoopback(
      payload,
      server,
      clients,
      sockets,
      () => new Promise<void>((resolve) => (dropping = resolve)),
      proxies,
      async () => {
        for (const release of releases) release();
        await proxies.close();
        for (const c of clients) await closeWorkspace(c.name, c.db, true);
        await closeWorkspace(server.name, server.db, true);
        for (const s of sockets) s.destroy();
        await new Promise<void>((resolve) => http.close(() => resolve()));
      },
    );
  }

  /** Cuts every connection the next time a client sends something. */
  dropConnections(): Promise<void> {
    return this.setDropping();
  }

  /** Applies `op` at `client` (1-based) as the simulated client's `apply` does. */
  async apply(client: number, op: TimedOp['op']): Promise<void> {
    const ws = this.clients[client - 1];
    if (!ws) throw new Error(`no client c${client}`);
    const write = writeFor(op, (id) => ws.view.get(id));
    if (typeof write === 'string') throw new Error(`c${client} ${op.kind}: ${write}`);
    if (write.doc) await ws.collection.upsert(write.doc);
    else await (await ws.collection.findOne(write.id).exec())?.remove();
  }

  /** The documents of every client (or of clients `subset`, 0-based) equal the server's. */
  agreed(subset?: readonly number[]): boolean {
    const serverState = canonicalJson(Object.fromEntries(this.server.view));
    const clients = subset ? subset.map((i) => this.clients[i]) : this.clients;
    return clients.every((c) => c !== undefined && canonicalJson(Object.fromEntries(c.view)) === serverState);
  }

  /** Waits up to `ms` for `done`; returns whether it happened. */
  async until(done: () => boolean, ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (!done()) {
      if (Date.now() > deadline) return false;
      await sleep(2);
    }
    return true;
  }

  /** What the TCP sockets carried so far. */
  socketBytes(): Directed {
    return carriedBy(this.sockets);
  }

  stop(): Promise<void> {
    return this.close();
  }
}

/**
 * `w` as RxDB can run it: the free RxDB opens at most 13 collections per process, so with the
 * server's that is 12 clients, of whom a partition cuts 3 off (a quarter, as 5 of 20).
 */
export function rxdbWorkload(w: FidelityWorkload): FidelityWorkload {
  if (w.clients <= 12) return w;
  return { ...w, clients: 12, ...(w.partition ? { partition: { ...w.partition, clients: 3 } } : {}) };
}

/** Runs the workload: each op reaches every connected replica before the next, like the simulator's 1 ms link. */
export async function runRxdbLoopback(w: FidelityWorkload): Promise<RxdbStackFigures> {
  const clientsStart = Date.now();
  const loopback = await RxdbLoopback.start(w.clients, w.compression);
  try {
    const converged = await driveOps(w, {
      apply: (i, op) => loopback.apply(i + 1, op),
      agreed: (clients) => loopback.agreed(clients),
      proxies: loopback.proxies,
      startAt: clientsStart + 1_000,
    });
    await sleep(100);
    return { payload: { ...loopback.payload }, socket: loopback.socketBytes(), converged };
  } finally {
    await loopback.stop();
  }
}
