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
import type { Directed } from './yjs-loopback.ts';
import type { FidelityWorkload } from './workload.ts';
import { fidelityOps } from './workload.ts';

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
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, WebSocket: CountingWebSocket });
  http.on('upgrade', (req: IncomingMessage, s, head) =>
    wss.handleUpgrade(req, s, head, (conn) => wss.emit('connection', conn, req)),
  );
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
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
  const clients = peerDraws.slice(0, w.clients).map((draw) => {
    const adapter = new CountingClientAdapter(`ws://127.0.0.1:${port}`);
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
  const agreed = (): boolean => {
    const first = clients[0] ? heads(clients[0]) : '';
    return clients.every((c) => heads(c) === first) && serverHeads() === first;
  };
  let converged = false;
  try {
    const deadline = Date.now() + 120_000;
    while (!adapters.every((a) => a.isReady()) || server.peers.length < w.clients) {
      if (Date.now() > deadline) throw new Error('the clients never connected');
      await sleep(10);
    }
    const start = Date.now();
    for (const { atMs, client, op } of fidelityOps(w)) {
      const wait = start + atMs - Date.now();
      if (wait > 0) await sleep(wait);
      const handle = clients[Number(client.slice(1)) - 1];
      if (!handle) throw new Error(`no client ${client}`);
      let rejected: string | undefined;
      handle.change((d) => {
        const [outcome] = mutateAll(d, [op], OP_KINDS);
        if (outcome?.status === 'rejected') rejected = outcome.reason;
      });
      if (rejected) throw new Error(`${client} ${op.kind}: ${rejected}`);
      // Every replica has the op before the next one, as on the simulator's 1 ms link.
      while (!agreed()) {
        if (Date.now() > deadline) throw new Error('the clients never caught up');
        await sleep(1);
      }
    }
    converged = agreed();
    await sleep(200);
    // What the sockets carried up to here, before the repos close.
    for (const s of sockets) {
      socket.up += s.bytesRead;
      socket.down += s.bytesWritten;
    }
  } finally {
    for (const a of adapters) if (a.socket) a.disconnect();
    for (const c of wss.clients) c.terminate();
    wss.close();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  }
  return { payload, socket, converged, messages };
}
