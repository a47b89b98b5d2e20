/**
 * The fidelity workload on TinyBase's real stack over real loopback sockets: its `WsServer` on a
 * `ws` WebSocketServer behind Node's http server on 127.0.0.1 (an ephemeral port, bounded in
 * time) with a persister per path as the engine's server has, and per client a MergeableStore synced over reconnecting-websocket with a synchronizer
 * per connection (`sync-per-connection.ts`, as the engine does). It counts what each side hands
 * its WebSocket (the payload) and what the server's TCP sockets carry, by direction: `up` client
 * → server, `down` server → client.
 */
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import rws from 'reconnecting-websocket';
import { createMergeableStore } from 'tinybase';
import { createWsServer } from 'tinybase/synchronizers/synchronizer-ws-server';
import { WebSocket, WebSocketServer } from 'ws';
import { ROOM } from '../../adapters/tinybase/tinybase-client.ts';
import { applyOp } from '../../adapters/tinybase/tinybase-model.ts';
import { syncPerConnection } from '../../adapters/tinybase/sync-per-connection.ts';
import { storagePersister } from '../../adapters/tinybase/storage-persister.ts';
import { OP_KINDS } from '../../src/contract/ops.ts';
import { ClientProxies } from './client-proxies.ts';
import { countDown, countingClientSocket } from './counting-sockets.ts';
import { driveOps } from './drive-ops.ts';
import type { Directed } from './directed.ts';
import { carriedBy } from './directed.ts';
import type { FidelityWorkload } from './workload.ts';

const ReconnectingWebSocket = rws as unknown as typeof rws.default;

export interface TinyBaseStackFigures {
  readonly payload: Directed;
  readonly socket: Directed;
  readonly converged: boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function runTinyBaseLoopback(w: FidelityWorkload): Promise<TinyBaseStackFigures> {
  const payload: Directed = { up: 0, down: 0 };
  let socket: Directed = { up: 0, down: 0 };
  let atEnd: Directed = { up: 0, down: 0 };
  const http = createServer();
  const sockets: Socket[] = [];
  http.on('connection', (s) => sockets.push(s));
  const wss = new WebSocketServer({ server: http });
  wss.on('connection', (conn: WebSocket) => {
    countDown(conn, payload);
  });
  // The server as the engine runs it: a persister per path (in memory here), so the server takes
  // part in the sync as the engine's does.
  const held = new Map<string, Uint8Array>();
  const storage = {
    get: (key: string) => held.get(key),
    set: (key: string, value: Uint8Array) => void held.set(key, value),
    delete: (key: string) => void held.delete(key),
    keys: () => [...held.keys()],
  };
  const server = createWsServer(wss, (pathId) =>
    storagePersister(
      createMergeableStore(),
      storage,
      `tinybase/path/${pathId}`,
      () => true,
      () => {},
    ),
  );
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const proxies = await ClientProxies.start(port, w.clients);

  const CountingWebSocket = countingClientSocket(payload);

  const clientsStart = Date.now();
  const stores = Array.from({ length: w.clients }, () => createMergeableStore());
  const websockets = stores.map(
    (_, i) => new ReconnectingWebSocket(`${proxies.url(i)}/${ROOM}`, [], { WebSocket: CountingWebSocket }),
  );
  const stops = stores.map((store, i) =>
    syncPerConnection(store, websockets[i]!, Promise.resolve(), () => {}),
  );
  const content = (i: number): string => JSON.stringify(stores[i]?.getContent());
  const agreed = (clients: readonly number[]): boolean => {
    const first = content(clients[0] ?? 0);
    return clients.every((i) => content(i) === first) && content(0) !== '[{},{}]';
  };
  let converged = false;
  try {
    const deadline = Date.now() + 60_000;
    while (!websockets.every((s) => s.readyState === WebSocket.OPEN)) {
      if (Date.now() > deadline) throw new Error('the clients never connected');
      await sleep(10);
    }
    converged = await driveOps(w, {
      apply: (i, op) => {
        const store = stores[i];
        if (!store) throw new Error(`no client c${i + 1}`);
        const outcome = applyOp(store, op, OP_KINDS);
        if (outcome.status === 'rejected') throw new Error(`c${i + 1} ${op.kind}: ${outcome.reason}`);
      },
      agreed,
      proxies,
      startAt: clientsStart + 1_000,
    });
    await sleep(200);
    socket = carriedBy(sockets);
    atEnd = { ...payload };
  } finally {
    for (const stop of stops) stop();
    for (const s of websockets) s.close();
    await sleep(50);
    for (const c of wss.clients) c.terminate();
    await proxies.close();
    await server.destroy();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  }
  return { payload: atEnd, socket, converged };
}
