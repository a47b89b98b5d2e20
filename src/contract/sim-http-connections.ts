/**
 * Many TCP connections at once over the one simulated link between an HTTP client and its server,
 * as an HTTP/1.1 stack uses them: a client opens a connection per concurrent request (a long poll
 * waits on one while another pushes), and Node's `fetch` stacks (node-fetch without an agent)
 * open a new one for every request, closed when its response ends (`Connection: close`).
 *
 * Each connection is a `SimSocket`, numbered by the client; the number travels beside the bytes
 * (`ctx.send`'s `connection`, as a TCP port pair does), so it costs nothing on the wire. A
 * connection opens with a message of no bytes (the SYN, which the IP model charges a TCP and TLS
 * handshake), and the server answers with one. A closing handshake is not modelled: each side
 * ends its own socket when its HTTP stack is done with it (after a `Connection: close` response
 * both do). The link going down resets every connection on it; while it is down a connection
 * attempt fails at once (`ECONNREFUSED`), as a device without a network fails to connect.
 */
import type { ReplicaId } from './contract.ts';
import { SimSocket, refusedSocket } from './sim-socket.ts';

type Send = (to: ReplicaId, bytes: Uint8Array, connection: number) => void;

const OPENS = new Uint8Array(0);

/** Sockets by connection number, each forgotten once it closes. */
class Sockets {
  private readonly byNumber = new Map<number, SimSocket>();

  add(connection: number, socket: SimSocket): void {
    this.byNumber.get(connection)?.reset();
    this.byNumber.set(connection, socket);
    socket.once('close', () => {
      if (this.byNumber.get(connection) === socket) this.byNumber.delete(connection);
    });
  }

  deliver(connection: number, bytes: Uint8Array): void {
    this.byNumber.get(connection)?.deliver(bytes);
  }

  /** Sockets still open (HTTP's keep-alive and long polls). */
  get size(): number {
    return this.byNumber.size;
  }

  /** Every connection resets; the sockets report it on the next turn of the event loop. */
  resetAll(): void {
    const sockets = [...this.byNumber.values()];
    this.byNumber.clear();
    for (const socket of sockets) socket.reset();
  }
}

/** A client replica's connections to its server. */
export class HttpClientConnections {
  private readonly sockets = new Sockets();
  private nextConnection = 0;
  private linkUp = false;
  private closed = false;

  constructor(
    private readonly server: ReplicaId,
    private readonly send: Send,
  ) {}

  /** A new connection to the server, for the stack's `createConnection`. */
  open(): SimSocket {
    if (this.closed || !this.linkUp) return refusedSocket(this.server);
    const connection = ++this.nextConnection;
    const socket = new SimSocket(this.server, (bytes) => {
      if (!socket.destroyed) this.send(this.server, bytes, connection);
    });
    this.sockets.add(connection, socket);
    this.send(this.server, OPENS, connection);
    return socket;
  }

  /** The replica's `receive`. */
  receive(bytes: Uint8Array, connection: number): void {
    if (bytes.byteLength > 0) this.sockets.deliver(connection, bytes);
  }

  /** The replica's `connected`. */
  connected(): void {
    this.linkUp = true;
  }

  /** The replica's `disconnected`: every connection resets. */
  disconnected(): void {
    this.linkUp = false;
    this.sockets.resetAll();
  }

  /** The replica crashed or closed: its connections drop, and later attempts are refused. */
  close(): void {
    this.closed = true;
    this.disconnected();
  }
}

/** A server replica's connections from its clients, each handed to the HTTP server as it opens. */
export class HttpServerConnections {
  private readonly byPeer = new Map<ReplicaId, Sockets>();

  constructor(
    private readonly send: Send,
    /** Called with each new socket (the http server's `connection`). */
    private readonly accepted: (socket: SimSocket) => void,
  ) {}

  /** The replica's `receive`: an opening message accepts a connection; bytes go to theirs. */
  receive(from: ReplicaId, bytes: Uint8Array, connection: number): void {
    let sockets = this.byPeer.get(from);
    if (bytes.byteLength > 0) return sockets?.deliver(connection, bytes);
    if (!sockets) this.byPeer.set(from, (sockets = new Sockets()));
    const socket = new SimSocket(from, (out) => {
      if (!socket.destroyed) this.send(from, out, connection);
    });
    sockets.add(connection, socket);
    this.send(from, OPENS, connection);
    this.accepted(socket);
  }

  /** The replica's `disconnected`: that client's connections reset. */
  disconnected(peer: ReplicaId): void {
    this.byPeer.get(peer)?.resetAll();
    this.byPeer.delete(peer);
  }

  /** A crash or the end: every connection resets at once. */
  resetAll(): void {
    for (const peer of [...this.byPeer.keys()]) this.disconnected(peer);
  }
}
