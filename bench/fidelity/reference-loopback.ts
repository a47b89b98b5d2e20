/**
 * The fidelity workload on the reference engine's deployment over real loopback sockets: its
 * message-level client and server replicas, each protocol message one binary `ws` message, the
 * clients `ws` WebSockets (reconnecting as soon as a connection drops, as the deployed client
 * does), the server Node's http server with a `ws` endpoint, on 127.0.0.1 behind one proxy per
 * client. Each connection's client is known by the proxy it came through (its `Host` port). It
 * counts what each side hands its WebSocket and what the TCP sockets carry, by direction.
 */
import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { MessageClient, MessageServer } from '../../adapters/reference/message-replicas.ts';
import { canonicalJson } from '../../src/contract/canonical.ts';
import type { ReplicaContext, ReplicaId, SchemaDefinition } from '../../src/contract/contract.ts';
import { reportSends } from '../../src/contract/ws-payload.ts';
import { memoryStorage } from '../../src/runner/replica-host.ts';
import { randomStream } from '../../src/sim/prng.ts';
import { ClientProxies } from './client-proxies.ts';
import { driveOps } from './drive-ops.ts';
import type { Directed } from './directed.ts';
import { carriedBy } from './directed.ts';
import type { FidelityWorkload } from './workload.ts';

const SCHEMA: SchemaDefinition = { collections: ['items'], texts: ['doc'] };
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function context(id: string, peers: readonly string[], send: ReplicaContext['send']): ReplicaContext {
  return {
    id: id as ReplicaId,
    role: id === 'server' ? 'server' : 'client',
    peers: peers as ReplicaId[],
    topology: 'star',
    transport: 'stream',
    compression: 'none',
    schema: SCHEMA,
    incarnation: 0,
    send,
    payloadSent: () => {},
    now: () => Date.now(),
    random: randomStream(1, id),
    timers: { after: () => () => {}, every: () => () => {} },
    storage: memoryStorage(),
    log: () => {},
  };
}

export async function runReferenceLoopback(
  w: FidelityWorkload,
): Promise<{ payload: Directed; socket: Directed; converged: boolean }> {
  const payload: Directed = { up: 0, down: 0 };
  const ids = Array.from({ length: w.clients }, (_, i) => `c${i + 1}`);
  const connections = new Map<string, WebSocket>();
  const server = new MessageServer(
    context('server', ids, (to, bytes) => {
      const conn = connections.get(to);
      if (conn?.readyState === WebSocket.OPEN) conn.send(bytes);
    }),
  );
  const http = createServer();
  const sockets: Socket[] = [];
  http.on('connection', (s: Socket) => sockets.push(s));
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: w.compression === 'deflate' });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const proxies = await ClientProxies.start((http.address() as AddressInfo).port, w.clients);
  const byPort = new Map(ids.map((id, i) => [new URL(proxies.url(i)).port, id]));
  http.on('upgrade', (req: IncomingMessage, s: Socket, head: Buffer) =>
    wss.handleUpgrade(req, s, head, (conn) => {
      const peer = byPort.get((req.headers.host ?? '').split(':')[1] ?? '') ?? '';
      reportSends(conn, (bytes) => (payload.down += bytes));
      connections.set(peer, conn);
      conn.on('message', (data: Buffer) => server.receive(peer as ReplicaId, data));
      conn.on('close', () => {
        if (connections.get(peer) !== conn) return;
        connections.delete(peer);
        server.disconnected(peer as ReplicaId);
      });
    }),
  );
  let closing = false;
  const clients = ids.map((id, i) => {
    let ws: WebSocket | undefined;
    const client = new MessageClient(
      context(id, ['server'], (_to, bytes) => {
        if (ws?.readyState === WebSocket.OPEN) ws.send(bytes);
      }),
    );
    const open = (): void => {
      const next = new WebSocket(`${proxies.url(i)}/sync`);
      ws = next;
      reportSends(next, (bytes) => (payload.up += bytes));
      let opened = false;
      next.on('error', () => {});
      next.on('open', () => {
        opened = true;
        client.connected('server' as ReplicaId);
      });
      next.on('message', (data: Buffer) => client.receive('server' as ReplicaId, data));
      next.on('close', () => {
        if (opened) client.disconnected('server' as ReplicaId);
        if (!closing) open();
      });
    };
    open();
    return client;
  });
  const state = (replica: MessageClient | MessageServer): string => canonicalJson(replica.snapshot());
  let converged = false;
  try {
    const started = Date.now();
    while (connections.size < w.clients) {
      if (Date.now() - started > 30_000) throw new Error('the clients never connected');
      await sleep(5);
    }
    converged = await driveOps(w, {
      apply: (i, op) => {
        const outcome = clients[i]?.apply(op);
        if (outcome?.status === 'rejected') throw new Error(`c${i + 1} ${op.kind}: ${outcome.reason}`);
      },
      agreed: (subset) => subset.every((i) => clients[i] && state(clients[i]) === state(server)),
      proxies,
      startAt: started + 1_000,
    });
    await sleep(100);
    return { payload: { ...payload }, socket: carriedBy(sockets), converged };
  } finally {
    closing = true;
    for (const conn of wss.clients) conn.terminate();
    await proxies.close();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  }
}
