/**
 * The fidelity workload on Loro's real deployment stack over real loopback sockets:
 * `loro-websocket`'s `SimpleServer` on 127.0.0.1 (an ephemeral port, bounded in time), and a
 * `LoroWebsocketClient` per client joined with a `LoroAdaptor`, with `ws` as the global
 * `WebSocket` (a Node 20 app's polyfill). It counts what each side hands its WebSocket (the
 * payload) and what the server's TCP sockets carry (frames, the upgrade handshake, pings), by
 * direction: `up` client → server, `down` server → client.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { LoroDoc } from 'loro-crdt';
import { LoroAdaptor } from 'loro-adaptors/loro';
import { LoroWebsocketClient } from 'loro-websocket';
import { SimpleServer } from 'loro-websocket/server';
import type { WebSocket } from 'ws';
import type { WebSocketServer } from 'ws';
import { ROOM } from '../../adapters/loro/loro-client.ts';
import { applyOp } from '../../adapters/loro/loro-model.ts';
import { OP_KINDS } from '../../src/contract/ops.ts';
import { ClientProxies } from './client-proxies.ts';
import { countDown, countingClientSocket } from './counting-sockets.ts';
import { driveOps } from './drive-ops.ts';
import type { Directed } from './directed.ts';
import { carriedBy } from './directed.ts';
import type { FidelityWorkload } from './workload.ts';

export interface LoroStackFigures {
  /** Bytes handed to WebSockets. */
  readonly payload: Directed;
  /** Bytes the server's TCP sockets carried. */
  readonly socket: Directed;
  readonly converged: boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The server's own WebSocketServer (`ws` on its port), which it keeps to itself. */
const ownWss = (server: SimpleServer): WebSocketServer => (server as unknown as { wss: WebSocketServer }).wss;
/** The bytes the server holds for the room. */
const roomData = (server: SimpleServer): Uint8Array | undefined =>
  (server as unknown as { rooms: Map<string, { data: Uint8Array }> }).rooms.get(`${ROOM}:%LOR`)?.data;

/** Runs the workload; `peerIds` are the peer ids each client's doc gets (the simulator's, for byte equality). */
export async function runLoroLoopback(
  w: FidelityWorkload,
  peerIds: readonly number[],
): Promise<LoroStackFigures> {
  const payload: Directed = { up: 0, down: 0 };
  let socket: Directed = { up: 0, down: 0 };
  let atEnd: Directed = { up: 0, down: 0 };

  const server = new SimpleServer({ port: 0, host: '127.0.0.1' });
  await server.start();
  const wss = ownWss(server);
  const sockets: Socket[] = [];
  (wss as unknown as { _server: Server })._server.on('connection', (s: Socket) => sockets.push(s));
  wss.on('connection', (conn: WebSocket) => {
    countDown(conn, payload);
  });
  const { port } = wss.address() as { port: number };
  const proxies = await ClientProxies.start(port, w.clients);

  const CountingWebSocket = countingClientSocket(payload);
  const global = globalThis as { WebSocket?: unknown };
  const previous = global.WebSocket;
  global.WebSocket = CountingWebSocket;

  // Each client listens for the process's online and offline events, as in its own process; here they share one.
  const listenerLimit = process.getMaxListeners();
  process.setMaxListeners(Math.max(listenerLimit, 10 + 2 * w.clients));
  const clientsStart = Date.now();
  const docs = peerIds.slice(0, w.clients).map((id) => {
    const doc = new LoroDoc();
    doc.setPeerId(BigInt(id));
    return doc;
  });
  const clients = docs.map((_, i) => new LoroWebsocketClient({ url: proxies.url(i) }));
  const adaptors = docs.map((doc) => new LoroAdaptor(doc));
  let converged = false;
  /** A doc's version vector as a string, peers in order. */
  const versionOf = (doc: LoroDoc): string => JSON.stringify([...doc.oplogVersion().toJSON()].sort());
  const version = (bytes: Uint8Array | undefined): string => {
    if (!bytes) return '';
    const doc = new LoroDoc();
    doc.import(bytes);
    const v = versionOf(doc);
    doc.free();
    return v;
  };
  let serverSeen: { data: Uint8Array | undefined; version: string } = { data: undefined, version: '' };
  const serverVersion = (): string => {
    const data = roomData(server);
    if (data !== serverSeen.data) serverSeen = { data, version: version(data) };
    return serverSeen.version;
  };
  const agreed = (indexes: readonly number[]): boolean => {
    const held = serverVersion();
    return indexes.every((i) => docs[i] !== undefined && versionOf(docs[i]) === held);
  };
  try {
    await Promise.all(clients.map((client, i) => client.join({ roomId: ROOM, crdtAdaptor: adaptors[i]! })));
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
    // What the sockets carried up to here, before the clients close (their close frames are
    // the end of this harness, not of the workload).
    socket = carriedBy(sockets);
    atEnd = { ...payload };
  } finally {
    for (const client of clients) client.destroy();
    for (const adaptor of adaptors) adaptor.destroy();
    await sleep(50);
    await proxies.close();
    await server.stop();
    global.WebSocket = previous;
    process.setMaxListeners(listenerLimit);
  }
  return { payload: atEnd, socket, converged };
}
