/**
 * The fidelity workload on Hocuspocus's real stack over real loopback sockets: a `Hocuspocus`
 * instance with its Database extension (in memory), handed each WebSocket of Node's http server
 * and `ws` on 127.0.0.1 (an ephemeral port, bounded in time) as its `Server` does, and a
 * `HocuspocusProvider` over a `HocuspocusProviderWebsocket` per client. It counts what each side
 * hands its WebSocket (the payload) and what the server's TCP sockets carry (frames, the upgrade
 * handshake), by direction: `up` client → server, `down` server → client.
 */
import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Hocuspocus } from '@hocuspocus/server';
import { Database } from '@hocuspocus/extension-database';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { WebSocketServer } from 'ws';
import * as Y from 'yjs';
import { DOCUMENT } from '../../adapters/yjs/hocuspocus-server.ts';
import { applyOp } from '../../adapters/yjs/yjs-model.ts';
import { OP_KINDS } from '../../src/contract/ops.ts';
import { ClientProxies } from './client-proxies.ts';
import { countDown, countingClientSocket } from './counting-sockets.ts';
import { driveOps } from './drive-ops.ts';
import type { Directed } from './directed.ts';
import { carriedBy } from './directed.ts';
import type { FidelityWorkload } from './workload.ts';

export interface HocuspocusStackFigures {
  readonly payload: Directed;
  readonly socket: Directed;
  readonly converged: boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the workload; `clientIds` are the Yjs client ids each client's doc gets (the simulator's, for byte equality). */
export async function runHocuspocusLoopback(
  w: FidelityWorkload,
  clientIds: readonly number[],
): Promise<HocuspocusStackFigures> {
  const payload: Directed = { up: 0, down: 0 };
  let socket: Directed = { up: 0, down: 0 };
  let atEnd: Directed = { up: 0, down: 0 };
  let stored: Uint8Array | null = null;
  const hocuspocus = new Hocuspocus({
    quiet: true,
    extensions: [
      new Database({
        fetch: () => Promise.resolve(stored),
        store: ({ state }) => {
          stored = new Uint8Array(state);
          return Promise.resolve();
        },
      }),
    ],
  });
  const http = createServer();
  const sockets: Socket[] = [];
  http.on('connection', (s) => sockets.push(s));
  const wss = new WebSocketServer({ noServer: true });
  http.on('upgrade', (req: IncomingMessage, s, head) =>
    wss.handleUpgrade(req, s, head, (conn) => {
      countDown(conn, payload);
      hocuspocus.handleConnection(conn, req);
    }),
  );
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const proxies = await ClientProxies.start(port, w.clients);

  const CountingWebSocket = countingClientSocket(payload);

  const clientsStart = Date.now();
  const docs = clientIds.slice(0, w.clients).map((id) => {
    const doc = new Y.Doc();
    doc.clientID = id;
    return doc;
  });
  const websockets = docs.map(
    (_, i) =>
      new HocuspocusProviderWebsocket({
        url: proxies.url(i),
        WebSocketPolyfill: CountingWebSocket,
      }),
  );
  const providers = docs.map((doc, i) => {
    const provider = new HocuspocusProvider({
      websocketProvider: websockets[i]!,
      name: DOCUMENT,
      document: doc,
    });
    provider.attach();
    return provider;
  });
  const state = (doc: Y.Doc): string => Buffer.from(Y.encodeStateVector(doc)).toString('hex');
  const agreed = (clients: readonly number[]): boolean => {
    const server = hocuspocus.documents.get(DOCUMENT);
    if (!server) return false;
    const held = state(server);
    return clients.every((i) => docs[i] !== undefined && state(docs[i]) === held);
  };
  let converged = false;
  try {
    const deadline = Date.now() + 60_000;
    while (!providers.every((p) => p.isSynced)) {
      if (Date.now() > deadline) throw new Error('the providers never synced');
      await sleep(10);
    }
    converged = await driveOps(w, {
      apply: (i, op) => {
        const doc = docs[i];
        if (!doc) throw new Error(`no client c${i + 1}`);
        const outcome = applyOp(doc, op, OP_KINDS);
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
    for (const p of providers) {
      p.destroy();
      p.awareness?.destroy();
    }
    for (const s of websockets) s.destroy();
    await sleep(50);
    for (const c of wss.clients) c.terminate();
    await proxies.close();
    await new Promise<void>((resolve) => http.close(() => resolve()));
    for (const doc of hocuspocus.documents.values()) doc.destroy();
    hocuspocus.documents.clear();
  }
  return { payload: atEnd, socket, converged };
}
