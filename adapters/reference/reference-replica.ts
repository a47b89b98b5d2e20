/**
 * The reference engine deployed the way the other engines are: its protocol messages
 * (`message-replicas.ts`) as binary WebSocket messages, the client a `ws` WebSocket, the server
 * Node's http server and a `ws` endpoint, over simulated sockets. The client opens its connection
 * when its link is up (a browser's `online`) and again as soon as a connection drops while the
 * link is up; an attempt while the link is down waits, as a TCP connect does.
 */
import type { ClientRequestArgs } from 'node:http';
import { WebSocket } from 'ws';
import type {
  ApplyOutcome,
  Op,
  ReadPath,
  ReadValue,
  Replica,
  ReplicaContext,
  ReplicaId,
  Snapshot,
  StoredSize,
} from '../../src/contract/contract.ts';
import { ClientSockets, DEPLOYED_HOST } from '../../src/contract/sim-socket.ts';
import { SimWebSocketServer } from '../../src/contract/sim-websocket-server.ts';
import type { PeerWebSocket } from '../../src/contract/ws-payload.ts';
import { reportSends } from '../../src/contract/ws-payload.ts';
import type { ServerOptions } from '../../src/engine/engine-server.ts';
import { VIRTUAL_EPOCH_MS } from '../../src/sim/virtual-runtime.ts';
import { MessageClient, MessageServer } from './message-replicas.ts';

/** The replica parts that do not depend on how messages travel. */
abstract class Deployed implements Replica {
  protected abstract readonly inner: MessageClient | MessageServer;

  apply(op: Op): ApplyOutcome {
    return this.inner.apply(op);
  }

  abstract receive(from: ReplicaId, bytes: Uint8Array): void;
  abstract connected(peer: ReplicaId): void;
  abstract disconnected(peer: ReplicaId): void;
  abstract close(): void;

  read(path: ReadPath): ReadValue {
    return this.inner.read(path);
  }

  snapshot(): Snapshot {
    return this.inner.snapshot();
  }

  storedBytes(): StoredSize {
    return this.inner.storedBytes();
  }

  idle(): void {}
}

export class ReferenceClient extends Deployed {
  protected readonly inner: MessageClient;
  private readonly server: ReplicaId;
  private readonly sockets: ClientSockets;
  private readonly masks;
  private ws: WebSocket | undefined;
  private linkUp = false;
  private closed = false;

  constructor(private readonly ctx: ReplicaContext) {
    super();
    const server = ctx.peers[0];
    if (!server) throw new Error(`reference client ${ctx.id} has no server`);
    this.server = server;
    this.sockets = new ClientSockets(server, (peer, bytes) => ctx.send(peer as ReplicaId, bytes));
    this.masks = ctx.random.fork('ws-masks');
    this.inner = new MessageClient({
      ...ctx,
      // A deployed client stamps its writes with the wall clock's epoch milliseconds (as large
      // on the wire as they are in a real deployment), not with virtual time from 0.
      now: () => VIRTUAL_EPOCH_MS + Math.floor(ctx.now()),
      send: (_to, bytes) => {
        if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(bytes);
      },
    });
  }

  receive(from: ReplicaId, bytes: Uint8Array): void {
    this.sockets.receive(from, bytes);
  }

  connected(peer: ReplicaId): void {
    if (peer !== this.server) return;
    this.linkUp = true;
    this.sockets.connected();
    if (!this.ws) this.open();
  }

  disconnected(peer: ReplicaId): void {
    if (peer !== this.server) return;
    this.linkUp = false;
    this.sockets.disconnected();
  }

  counters(): Record<string, number> {
    return this.inner.counters();
  }

  /** A crash or the end: the connection drops at once, and no new one is opened. */
  close(): void {
    this.closed = true;
    this.sockets.close();
  }

  private open(): void {
    const masks = this.masks;
    const ws = new WebSocket(`ws://${DEPLOYED_HOST}/sync`, {
      createConnection: (() => this.sockets.open()) as unknown as ClientRequestArgs['createConnection'],
      generateMask: (mask: Buffer) => {
        for (let i = 0; i < mask.length; i++) mask[i] = masks.int(0, 255);
      },
    });
    this.ws = ws;
    reportSends(ws, (bytes) => this.ctx.payloadSent(this.server, bytes));
    let opened = false;
    ws.on('error', () => {}); // a reset connection; its close follows
    ws.on('open', () => {
      opened = true;
      this.inner.connected(this.server);
    });
    ws.on('message', (data: Buffer) => this.inner.receive(this.server, data));
    ws.on('close', () => {
      this.ws = undefined;
      if (opened) this.inner.disconnected(this.server);
      if (this.linkUp && !this.closed) this.open();
    });
  }
}

export class ReferenceServer extends Deployed {
  protected readonly inner: MessageServer;
  private readonly endpoint: SimWebSocketServer;
  /** Each client's current connection. */
  private readonly connections = new Map<ReplicaId, PeerWebSocket>();

  constructor(ctx: ReplicaContext, options: ServerOptions = {}) {
    super();
    this.inner = new MessageServer(
      {
        ...ctx,
        send: (to, bytes) => {
          const conn = this.connections.get(to);
          if (conn?.readyState === WebSocket.OPEN) conn.send(bytes);
        },
      },
      options,
    );
    this.endpoint = new SimWebSocketServer(ctx, (conn) => this.accept(conn));
  }

  receive(from: ReplicaId, bytes: Uint8Array): void {
    this.endpoint.receive(from, bytes);
  }

  connected(): void {}

  disconnected(peer: ReplicaId): void {
    this.endpoint.disconnected(peer);
  }

  /** The server keeps every record at the newest schema version and translates for older clients. */
  schemaVersion(): number {
    return this.inner.schemaVersion();
  }

  /** A crash or the end: every connection drops at once. */
  close(): void {
    this.inner.close();
    this.endpoint.close();
  }

  private accept(conn: PeerWebSocket): void {
    const peer = conn.peer;
    this.connections.set(peer, conn);
    this.inner.connected(peer);
    conn.on('message', (data: Buffer) => this.inner.receive(peer, data));
    conn.on('close', () => {
      if (this.connections.get(peer) !== conn) return;
      this.connections.delete(peer);
      this.inner.disconnected(peer);
    });
  }
}
