/**
 * A server replica's real WebSocket endpoint over simulated sockets: Node's http server and a
 * `ws` WebSocketServer behind it, as a deployed server runs them. Under `--compression deflate`
 * it accepts permessage-deflate with `ws`'s defaults (messages of 1 KiB or more compressed, each
 * direction keeping its compressor's context across messages); otherwise, as the servers of
 * Yjs, automerge-repo and RxDB default to, it declines the extension every `ws` client offers. Each
 * client's connection is accepted like a TCP connection when its first bytes arrive, upgraded by
 * `ws`, and handed to the library's own connection handler; what the library sends is reported
 * as payload for that client.
 */
import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { ReplicaContext, ReplicaId } from './contract.ts';
import { SocketEnds } from './sim-socket.ts';
import type { SimSocket } from './sim-socket.ts';
import { reportingWebSocket } from './ws-payload.ts';
import type { PeerWebSocket } from './ws-payload.ts';

export class SimWebSocketServer {
  private readonly http = createServer();
  /** The library's WebSocketServer (its `clients`, its `connection` events). */
  readonly wss: WebSocketServer;
  private readonly sockets: SocketEnds;

  constructor(ctx: ReplicaContext, accept: (conn: PeerWebSocket, req: IncomingMessage) => void) {
    this.wss = new WebSocketServer({
      noServer: true,
      perMessageDeflate: ctx.compression === 'deflate',
      WebSocket: reportingWebSocket(ctx),
    });
    this.http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.wss.handleUpgrade(req, socket, head, (conn) => {
        const peerSocket = conn as PeerWebSocket;
        peerSocket.peer = (socket as SimSocket).peer as ReplicaId;
        accept(peerSocket, req);
      }),
    );
    this.sockets = new SocketEnds(
      (peer, bytes) => ctx.send(peer as ReplicaId, bytes),
      (socket) => this.http.emit('connection', socket),
      true,
    );
  }

  /** The replica's `receive`. */
  receive(from: ReplicaId, bytes: Uint8Array): void {
    this.sockets.receive(from, bytes);
  }

  /** The replica's `disconnected`. */
  disconnected(peer: ReplicaId): void {
    this.sockets.disconnected(peer);
  }

  /** A crash or the end: every connection drops at once, with no closing handshake. */
  close(): void {
    this.sockets.resetAll();
    for (const conn of this.wss.clients) conn.terminate();
  }
}
