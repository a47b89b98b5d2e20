/**
 * The fidelity workload on ShareDB's real deployment stack over real loopback sockets: a
 * `Backend` (MemoryDB) behind Node's http server and `ws`, each connection wrapped in
 * `@teamwork/websocket-json-stream`, on 127.0.0.1 (an ephemeral port, bounded in time), and a
 * client `Connection` over `reconnecting-websocket` per client, subscribed to the collection with
 * a subscribe query and to the text. It counts what each side hands its WebSocket (the payload)
 * and what the server's TCP sockets carry (frames, the upgrade handshake), by direction: `up`
 * client → server, `down` server → client.
 */
import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import ShareDB from 'sharedb';
import { Connection } from 'sharedb/lib/client/index.js';
import rws from 'reconnecting-websocket';
import { WebSocketServer } from 'ws';
import { applyOp, JSON0, TEXTS } from '../../adapters/sharedb/sharedb-model.ts';
import { OP_KINDS } from '../../src/contract/ops.ts';
import { ClientProxies } from './client-proxies.ts';
import { countDown, countingClientSocket } from './counting-sockets.ts';
import { driveOps } from './drive-ops.ts';
import type { Directed } from './directed.ts';
import { carriedBy } from './directed.ts';
import type { FidelityWorkload } from './workload.ts';

const ReconnectingWebSocket = rws as unknown as typeof rws.default;
const WebSocketJSONStream = createRequire(import.meta.url)('@teamwork/websocket-json-stream') as new (
  ws: unknown,
) => Duplex;

export interface ShareDbStackFigures {
  readonly payload: Directed;
  readonly socket: Directed;
  readonly converged: boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function runShareDbLoopback(w: FidelityWorkload): Promise<ShareDbStackFigures> {
  const payload: Directed = { up: 0, down: 0 };
  let socket: Directed = { up: 0, down: 0 };
  let atEnd: Directed = { up: 0, down: 0 };

  const db = new ShareDB.MemoryDB();
  const backend = new ShareDB({ db });
  const created = new Promise<void>((resolve, reject) => {
    const doc = backend.connect().get(TEXTS, 'doc');
    doc.create({ t: '' }, JSON0, (error) => (error ? reject(new Error(error.message)) : resolve()));
  });
  await created;
  const http = createServer();
  const sockets: Socket[] = [];
  http.on('connection', (s) => sockets.push(s));
  const wss = new WebSocketServer({ noServer: true });
  http.on('upgrade', (req: IncomingMessage, s, head) =>
    wss.handleUpgrade(req, s, head, (conn) => {
      countDown(conn, payload);
      const stream = new WebSocketJSONStream(conn);
      stream.on('error', () => {}); // a reply to a closing socket (the stream's README)
      backend.listen(stream, req);
    }),
  );
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const proxies = await ClientProxies.start(port, w.clients);

  const CountingWebSocket = countingClientSocket(payload);

  const clientsStart = Date.now();
  const rwss = Array.from(
    { length: w.clients },
    (_, i) => new ReconnectingWebSocket(proxies.url(i), [], { WebSocket: CountingWebSocket }),
  );
  const connections = rwss.map(
    (socket) => new Connection(socket as unknown as ConstructorParameters<typeof Connection>[0]),
  );
  const queries = connections.map((c) => c.createSubscribeQuery('items', {}));
  for (const c of connections) {
    const doc = c.get(TEXTS, 'doc');
    doc.ingestSnapshot({ v: 1, type: JSON0, data: { t: '' } }, () => {});
    doc.subscribe(() => {});
  }
  const held = db as unknown as { docs: Record<string, Record<string, { v: number }>> };
  const versions = (of: (collection: string, id: string) => number | undefined): string =>
    ['items', TEXTS]
      .flatMap((c) => Object.keys(held.docs[c] ?? {}).map((id) => `${c}/${id}@${of(c, id)}`))
      .join(',');
  const serverVersions = (): string => versions((c, id) => held.docs[c]?.[id]?.v);
  const agreed = (indexes: readonly number[]): boolean => {
    const server = serverVersions();
    return indexes.every((i) => {
      const connection = connections[i];
      if (!connection || connection.hasPending()) return false;
      return versions((c, id) => connection.collections[c]?.[id]?.version ?? undefined) === server;
    });
  };
  let converged = false;
  try {
    const deadline = Date.now() + 60_000;
    while (!queries.every((q) => q.ready)) {
      if (Date.now() > deadline) throw new Error('the queries never answered');
      await sleep(10);
    }
    converged = await driveOps(w, {
      apply: (i, op) => {
        const connection = connections[i];
        if (!connection) throw new Error(`no client c${i + 1}`);
        const outcome = applyOp(connection, op, OP_KINDS, () => {});
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
    for (const q of queries) q.destroy();
    for (const s of rwss) s.close();
    for (const c of connections) c.close();
    await sleep(50);
    for (const c of wss.clients) c.terminate();
    await proxies.close();
    await new Promise<void>((resolve) => http.close(() => resolve()));
    backend.close();
  }
  return { payload: atEnd, socket, converged };
}
