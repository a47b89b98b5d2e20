/**
 * The fidelity workload on Automerge's real deployment stack over real loopback sockets: an
 * automerge-repo `Repo` per client with its `WebSocketClientAdapter`, and a sync server `Repo`
 * (`sharePolicy` false) with its `WebSocketServerAdapter` on `ws` behind Node's http server, on
 * 127.0.0.1 (an ephemeral port, bounded in time). Every repo stores into memory through the same
 * storage adapter the simulator uses. It counts what each side hands its WebSocket (the payload)
 * and what the TCP sockets carry (frames, the upgrade handshake, pings), by direction.
 */
import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import * as A from '@automerge/automerge';
import { Repo } from '@automerge/automerge-repo';
import type { DocHandle, PeerId } from '@automerge/automerge-repo';
import { WebSocketClientAdapter, WebSocketServerAdapter } from '@automerge/automerge-repo-network-websocket';
import { WebSocket, WebSocketServer } from 'ws';
import type { WorkspaceDoc } from '../../adapters/automerge/automerge-model.ts';
import { genesis, mutateAll } from '../../adapters/automerge/automerge-model.ts';
import { DOCUMENT_ID, repoPeerId } from '../../adapters/automerge/repo-document.ts';
import { DurableStorageAdapter } from '../../adapters/automerge/repo-storage.ts';
import { DEPLOYED_HOST } from '../../src/contract/sim-socket.ts';
import { OP_KINDS } from '../../src/contract/ops.ts';
import { reportSends, reportedSend } from '../../src/contract/ws-payload.ts';
import { memoryStorage } from '../../src/runner/replica-host.ts';
import type { Directed } from './directed.ts';
import { carriedBy } from './directed.ts';
import { ClientProxies } from './client-proxies.ts';
import { driveOps } from './drive-ops.ts';
import type { FidelityWorkload } from './workload.ts';

export interface AutomergeStackFigures {
  /** Bytes handed to WebSockets. */
  readonly payload: Directed;
  /** Bytes the TCP sockets carried. */
  readonly socket: Directed;
  readonly converged: boolean;
  /** WebSocket messages sent each way. */
  readonly messages: Directed;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the workload; `peerDraws` are each client's first seeded draw (its peer id, as in the simulator). */
export async function runAutomergeLoopback(
  w: FidelityWorkload,
  peerDraws: readonly number[],
): Promise<AutomergeStackFigures> {
  const payload: Directed = { up: 0, down: 0 };
  const socket: Directed = { up: 0, down: 0 };
  const messages: Directed = { up: 0, down: 0 };
  const atEnd = { payload: { up: 0, down: 0 }, messages: { up: 0, down: 0 } };

  const http = createServer();
  const sockets: Socket[] = [];
  http.on('connection', (s) => sockets.push(s));
  class CountingWebSocket extends WebSocket {
    override send(data: unknown, ...rest: unknown[]): void {
      reportedSend(this, data, (bytes) => {
        payload.down += bytes;
        messages.down++;
      });
      (super.send as (...args: unknown[]) => void)(data, ...rest);
    }
  }
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: w.compression === 'deflate',
    WebSocket: CountingWebSocket,
  });
  http.on('upgrade', (req: IncomingMessage, s, head) =>
    wss.handleUpgrade(req, s, head, (conn) => wss.emit('connection', conn, req)),
  );
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const proxies = await ClientProxies.start(port, w.clients);
  const server = new Repo({
    network: [new WebSocketServerAdapter(wss as never)],
    storage: new DurableStorageAdapter(memoryStorage()),
    peerId: `storage-server-${DEPLOYED_HOST}` as PeerId,
    sharePolicy: () => Promise.resolve(false),
  });

  class CountingClientAdapter extends WebSocketClientAdapter {
    override connect(peerId: PeerId, peerMetadata?: Parameters<WebSocketClientAdapter['connect']>[1]): void {
      super.connect(peerId, peerMetadata);
      if (this.socket)
        reportSends(this.socket, (bytes) => {
          payload.up += bytes;
          messages.up++;
        });
    }
  }
  const adapters: WebSocketClientAdapter[] = [];
  const clientsStart = Date.now();
  const clients = peerDraws.slice(0, w.clients).map((draw, i) => {
    const adapter = new CountingClientAdapter(proxies.url(i));
    adapters.push(adapter);
    const repo = new Repo({
      network: [adapter],
      storage: new DurableStorageAdapter(memoryStorage()),
      peerId: repoPeerId(draw),
      sharePolicy: () => Promise.resolve(true),
    });
    return repo.import<WorkspaceDoc>(genesis({ collections: ['items'], texts: ['doc'] }), {
      docId: DOCUMENT_ID,
    });
  });
  const heads = (h: DocHandle<WorkspaceDoc>): string => A.getHeads(h.doc()).join(',');
  const serverHeads = (): string => {
    const h = server.handles[DOCUMENT_ID] as DocHandle<WorkspaceDoc> | undefined;
    return h?.isReady() ? heads(h) : '';
  };
  const agreed = (subset: readonly number[]): boolean => {
    const server = serverHeads();
    return subset.every((i) => clients[i] !== undefined && heads(clients[i]) === server);
  };
  let converged = false;
  try {
    const deadline = Date.now() + 120_000;
    while (!adapters.every((a) => a.isReady()) || server.peers.length < w.clients) {
      if (Date.now() > deadline) throw new Error('the clients never connected');
      await sleep(10);
    }
    converged = await driveOps(w, {
      apply: (i, op) => {
        const handle = clients[i];
        if (!handle) throw new Error(`no client c${i + 1}`);
        let rejected: string | undefined;
        handle.change((d) => {
          const [outcome] = mutateAll(d, [op], OP_KINDS);
          if (outcome?.status === 'rejected') rejected = outcome.reason;
        });
        if (rejected) throw new Error(`c${i + 1} ${op.kind}: ${rejected}`);
      },
      agreed,
      proxies,
      startAt: clientsStart + 1_000,
    });
    await sleep(200);
    // What the sockets carried up to here, before the repos close.
    Object.assign(socket, carriedBy(sockets));
    // The payload too: a disconnecting adapter says goodbye, which is not part of the workload.
    Object.assign(atEnd, { payload: { ...payload }, messages: { ...messages } });
  } finally {
    for (const a of adapters) if (a.socket) a.disconnect();
    for (const c of wss.clients) c.terminate();
    wss.close();
    await proxies.close();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  }
  return { payload: atEnd.payload, socket, converged, messages: atEnd.messages };
}
