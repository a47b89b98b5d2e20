/**
 * The fidelity workload on Yjs's real deployment stack over real loopback sockets: y-websocket's
 * `WebsocketProvider` per client, `@y/websocket-server`'s `setupWSConnection` behind Node's http
 * server and `ws`, on 127.0.0.1 (an ephemeral port, bounded in time). It counts what each side
 * hands its WebSocket (the payload, by y-websocket message type) and what its TCP sockets carry
 * (frames, the upgrade handshake, pings), by direction: `up` client → server, `down` server → client.
 */
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { IncomingMessage } from 'node:http';
import { docs as serverDocs, setupWSConnection } from '@y/websocket-server/utils';
import { WebsocketProvider } from 'y-websocket';
import { WebSocket, WebSocketServer } from 'ws';
import * as Y from 'yjs';
import { applyOp } from '../../adapters/yjs/yjs-model.ts';
import { OP_KINDS } from '../../src/contract/ops.ts';
import { ClientProxies } from './client-proxies.ts';
import { driveOps } from './drive-ops.ts';
import type { Directed } from './directed.ts';
import { carriedBy } from './directed.ts';
import type { FidelityWorkload } from './workload.ts';

export interface StackFigures {
  /** Bytes handed to WebSockets, all message types. */
  readonly payload: Directed;
  /** The same by y-websocket message type: `sync-step1`, `sync-step2`, `sync-update`, `awareness`, … */
  readonly payloadByType: Readonly<Record<string, Directed>>;
  /** Bytes the TCP sockets carried. */
  readonly socket: Directed;
  /** Update messages the server sent back to the client the update came from. */
  readonly echo: { messages: number; bytes: number };
  readonly converged: boolean;
}

const SYNC_TYPES = ['sync-step1', 'sync-step2', 'sync-update'];

function typeOf(message: Uint8Array): string {
  if (message[0] === 0) return SYNC_TYPES[message[1] ?? 9] ?? 'sync-other';
  return message[0] === 1 ? 'awareness' : message[0] === 3 ? 'query-awareness' : `type-${message[0]}`;
}

const toBytes = (data: unknown): Uint8Array =>
  data instanceof ArrayBuffer ? new Uint8Array(data) : data instanceof Uint8Array ? data : new Uint8Array(0);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the workload; `clientIds` are the Yjs client ids each client's doc gets (the simulator's, for byte equality). */
export async function runYjsLoopback(
  w: FidelityWorkload,
  clientIds: readonly number[],
): Promise<StackFigures> {
  const payload: Directed = { up: 0, down: 0 };
  const byType: Record<string, Directed> = {};
  const socket: Directed = { up: 0, down: 0 };
  const echo = { messages: 0, bytes: 0 };
  /** The figures when the workload ended. */
  const at = { payload: { up: 0, down: 0 }, byType: {} as Record<string, Directed> };
  const count = (direction: keyof Directed, message: Uint8Array): void => {
    payload[direction] += message.byteLength;
    const entry = (byType[typeOf(message)] ??= { up: 0, down: 0 });
    entry[direction] += message.byteLength;
  };

  const http = createServer();
  const sockets: Socket[] = [];
  http.on('connection', (s) => sockets.push(s));
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: w.compression === 'deflate' });
  http.on('upgrade', (req: IncomingMessage, s, head) =>
    wss.handleUpgrade(req, s, head, (conn) => {
      let handling = false;
      conn.on('message', () => (handling = true)); // before the server's own listener
      const send = conn.send.bind(conn) as (
        data: Uint8Array,
        options: object,
        cb?: (err?: Error) => void,
      ) => void;
      (conn as unknown as { send: typeof send }).send = (data, options, cb) => {
        const message = toBytes(data);
        count('down', message);
        if (handling && typeOf(message) === 'sync-update') {
          echo.messages++;
          echo.bytes += message.byteLength;
        }
        send(data, options, cb);
      };
      setupWSConnection(conn, req, { docName: 'syncbench' });
      conn.on('message', () => (handling = false)); // after it
    }),
  );
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const proxies = await ClientProxies.start(port, w.clients);

  class CountingWebSocket extends WebSocket {
    override send(data: unknown, ...rest: unknown[]): void {
      count('up', toBytes(data));
      (WebSocket.prototype.send as (...args: unknown[]) => void).call(this, data, ...rest);
    }
  }

  // Each provider listens for the process's exit, as in its own process; here they share one.
  const listenerLimit = process.getMaxListeners();
  process.setMaxListeners(Math.max(listenerLimit, 10 + 2 * w.clients));
  const clientsStart = Date.now();
  const docs = clientIds.slice(0, w.clients).map((id) => {
    const doc = new Y.Doc();
    doc.clientID = id;
    return doc;
  });
  const providers = docs.map(
    (doc, i) =>
      new WebsocketProvider(proxies.url(i), 'syncbench', doc, {
        WebSocketPolyfill: CountingWebSocket as unknown as typeof globalThis.WebSocket,
        disableBc: true,
      }),
  );
  let converged = false;
  const state = (doc: Y.Doc): string => Buffer.from(Y.encodeStateVector(doc)).toString('hex');
  const serverState = (): string => {
    const doc = serverDocs.get('syncbench');
    return doc ? state(doc) : '';
  };
  // Every client holds each op before the next one, as on the simulator's 1 ms link: an update's
  // bytes name the items it follows, so an op made before an earlier one arrived differs.
  const agreed = (clients: readonly number[]): boolean => {
    const server = serverState();
    return clients.every((i) => docs[i] !== undefined && state(docs[i]) === server);
  };
  try {
    const deadline = Date.now() + 120_000;
    while (!providers.every((p) => p.synced)) {
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
    // What the sockets carried up to here, before the providers close (their close frames are
    // the end of this harness, not of the workload).
    Object.assign(socket, carriedBy(sockets));
    // The payload too: a provider that closes says goodbye (an awareness update), which is not
    // part of the workload either.
    at.payload = { ...payload };
    at.byType = structuredClone(byType);
  } finally {
    for (const p of providers) {
      p.destroy();
      p.awareness.destroy();
    }
    await sleep(50);
    for (const c of wss.clients) c.terminate();
    await proxies.close();
    await new Promise<void>((resolve) => http.close(() => resolve()));
    // The server keeps its documents process-wide by name: the next run starts from nothing.
    serverDocs.get('syncbench')?.destroy();
    serverDocs.delete('syncbench');
    process.setMaxListeners(listenerLimit);
  }
  return { payload: at.payload, payloadByType: at.byType, socket, echo, converged };
}
