/**
 * A TCP-like byte stream over one simulated stream connection, for engines whose real deployment
 * stack talks to a socket (Node's `http`, `ws`, a library's own client and server). It is a
 * `Duplex` with the parts of `net.Socket` those stacks touch: every write goes out as one message
 * on the link (writes made together, e.g. a WebSocket frame's head and body under `cork`, as one);
 * bytes that arrive are pushed to the reader; the connection going down destroys the socket with
 * `ECONNRESET`, as a reset TCP connection does. `SocketEnds` keeps one socket per peer for a
 * replica: a fresh one each time the simulator brings the connection up.
 *
 * What crosses the link is everything the stack writes (frames, HTTP heads, handshakes): the
 * journal counts framed bytes.
 */
import http from 'node:http';
import net from 'node:net';
import { syncBuiltinESMExports } from 'node:module';
import { Duplex } from 'node:stream';

/** The error a socket ends with when the simulated connection goes down. */
function connectionReset(): Error {
  return Object.assign(withoutStack('read ECONNRESET'), { code: 'ECONNRESET', errno: -104, syscall: 'read' });
}

/**
 * An error whose stack is not captured: a client retrying through weeks offline fails hundreds
 * of thousands of times, and capturing each stack was a tenth of such a run. No stack of these
 * says anything (they come from the simulated link, as Node's come from libuv).
 */
function withoutStack(message: string): Error {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new Error(message);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * How connections are told apart on the one simulated link between two replicas: the opening
 * side sends a message of no bytes first (as a TCP SYN carries no data), the accepting side
 * starts a new socket when one arrives and answers with one (the SYN-ACK), and the opening side
 * drops whatever still arrives from an older connection until that answer. So a stack that opens
 * a second connection while its first is still up (automerge-repo's client does on every retry)
 * talks on a new connection, not inside the old one's byte streams. The IP model charges the
 * opening message a TCP and TLS handshake.
 */
const OPENS = new Uint8Array(0);

/** The error a connection attempt fails with while the simulated link is down. */
function connectionRefused(): Error {
  return Object.assign(withoutStack('connect ECONNREFUSED'), {
    code: 'ECONNREFUSED',
    errno: -111,
    syscall: 'connect',
  });
}

export class SimSocket extends Duplex {
  /** Set by the stack like on a `net.Socket`; nothing here reads them. */
  readonly remoteAddress: string;
  readonly remotePort = 443;
  readonly localAddress = '127.0.0.1';
  readonly localPort = 0;
  readonly remoteFamily = 'IPv4';
  connecting = false;
  bytesWritten = 0;
  bytesRead = 0;

  /** What the stack wrote while the connection was still being made, sent once it is. */
  private queued: Uint8Array[] = [];
  private resetting = false;

  constructor(
    readonly peer: string,
    private readonly transmit: (bytes: Uint8Array) => void,
    /** True for an attempt made while the link is not up: it opens when the link comes up. */
    connecting = false,
  ) {
    super({ allowHalfOpen: false, decodeStrings: true });
    this.remoteAddress = `sim:${peer}`;
    this.connecting = connecting;
    // A reset can come before the stack has listened for errors (the simulator drops the link on
    // the very message that opens the connection); the stack still hears it when it listens.
    this.on('error', () => {});
  }

  /** The connection is made (the link came up): what was written meanwhile goes out, in order. */
  open(): void {
    if (!this.connecting || this.destroyed) return;
    this.connecting = false;
    this.transmit(OPENS);
    const queued = this.queued;
    this.queued = [];
    for (const bytes of queued) this.transmit(bytes);
    this.emit('connect');
  }

  /** Bytes from the peer. */
  deliver(bytes: Uint8Array): void {
    if (this.destroyed) return;
    this.bytesRead += bytes.byteLength;
    this.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }

  /** The simulated connection went down. */
  reset(): void {
    if (this.destroyed || this.resetting) return;
    this.resetting = true;
    // On the next turn of the event loop, as a real socket reports a reset: a reset can come
    // while the stack is still opening the socket (the link drops on its opening message), before
    // http and ws listen for its close; a socket that closed before they listen leaves them
    // waiting for it forever. Nothing crosses the link meanwhile (SocketEnds has let go of it).
    setImmediate(() => this.destroy(connectionReset()));
  }

  override _read(): void {}

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.send(chunk);
    callback();
  }

  override _writev(
    chunks: { chunk: Buffer; encoding: BufferEncoding }[],
    callback: (error?: Error | null) => void,
  ): void {
    this.send(Buffer.concat(chunks.map((c) => c.chunk)));
    callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    callback();
    // A closed TCP connection ends the reader too (allowHalfOpen false).
    this.push(null);
  }

  // The parts of net.Socket that http and ws call; the simulated link has no such knobs.
  setTimeout(_ms: number, _callback?: () => void): this {
    return this;
  }

  setNoDelay(_noDelay?: boolean): this {
    return this;
  }

  setKeepAlive(_enable?: boolean, _delayMs?: number): this {
    return this;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }

  address(): { address: string; family: string; port: number } {
    return { address: this.localAddress, family: 'IPv4', port: this.localPort };
  }

  private send(chunk: Buffer): void {
    if (chunk.byteLength === 0) return;
    this.bytesWritten += chunk.byteLength;
    const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.connecting) this.queued.push(bytes.slice());
    else this.transmit(bytes);
  }
}

/** One replica's sockets, one per peer whose connection is up. */
export class SocketEnds {
  private readonly sockets = new Map<string, SimSocket>();
  /** Peers whose answer to our newest opening message has not arrived yet (see OPENS). */
  private readonly awaitingAccept = new Set<string>();

  constructor(
    private readonly send: (peer: string, bytes: Uint8Array) => void,
    /** Called with each new socket, when the simulator brings a connection up. */
    private readonly opened: (socket: SimSocket) => void,
    private readonly acceptOnData = false,
  ) {}

  /** A new socket to `peer` (the adapter's `connected(peer)`, or a stack opening a connection). */
  connected(peer: string): SimSocket {
    return this.start(peer, false);
  }

  /**
   * A stack opens a connection to `peer` while the link is not up: as a TCP connect does, the
   * attempt waits (what the stack writes meanwhile is held) and opens when the link comes up.
   */
  connecting(peer: string): SimSocket {
    return this.start(peer, true);
  }

  /** The link to `peer` came up: a waiting connection attempt opens. */
  linkUp(peer: string): void {
    this.sockets.get(peer)?.open();
  }

  private start(peer: string, connecting: boolean): SimSocket {
    this.sockets.get(peer)?.reset();
    const socket = new SimSocket(
      peer,
      (bytes) => {
        if (this.sockets.get(peer) !== socket) return;
        if (bytes.byteLength === 0) this.awaitingAccept.add(peer);
        this.send(peer, bytes);
      },
      connecting,
    );
    this.sockets.set(peer, socket);
    // The side that opens connections says so first (see OPENS); the accepting side never opens.
    if (!connecting && !this.acceptOnData) {
      this.awaitingAccept.add(peer);
      this.send(peer, OPENS);
    }
    this.opened(socket);
    return socket;
  }

  /**
   * The adapter's `receive(from, bytes)`. On the accepting side (`acceptOnData`) bytes from a peer
   * with no open socket start a new one, as a TCP accept does: a client's stack opens a new
   * connection whenever it wants, and it always speaks first.
   */
  receive(peer: string, bytes: Uint8Array): void {
    if (bytes.byteLength === 0) {
      if (this.acceptOnData) {
        // The peer opened a new connection: the one before it, if still here, is gone.
        this.connected(peer);
        this.send(peer, OPENS);
      } else this.awaitingAccept.delete(peer);
      return;
    }
    // Bytes an older connection sent before the peer accepted our newest one.
    if (this.awaitingAccept.has(peer)) return;
    const current = this.sockets.get(peer);
    const open = current && !current.destroyed && !current.writableEnded;
    (open ? current : this.acceptOnData ? this.connected(peer) : undefined)?.deliver(bytes);
  }

  /** The socket to `peer` now, if one is open. */
  current(peer: string): SimSocket | undefined {
    const socket = this.sockets.get(peer);
    return socket && !socket.destroyed && !socket.writableEnded ? socket : undefined;
  }

  /** The adapter's `disconnected(peer)`: the socket ends with a reset. */
  disconnected(peer: string): void {
    const socket = this.sockets.get(peer);
    this.sockets.delete(peer);
    this.awaitingAccept.delete(peer);
    socket?.reset();
  }

  /** Every socket ends (the replica crashed or closed). */
  resetAll(): void {
    for (const peer of [...this.sockets.keys()]) this.disconnected(peer);
  }
}

/** A connection attempt from a replica that is gone (closed or crashed): it fails at once, sending nothing. */
export function refusedSocket(peer: string): SimSocket {
  const socket = new SimSocket(peer, () => {});
  process.nextTick(() => socket.destroy(connectionRefused()));
  return socket;
}

/**
 * Simulated hosts for stacks that open their own connections from a URL and take no
 * `createConnection` (automerge-repo's WebSocket client adapter does `new WebSocket(url)`,
 * PouchDB's HTTP adapter `fetch(url)`): `net.connect`, or an http agent's connection, to a
 * registered host name opens a simulated socket instead of a TCP connection. Both are replaced
 * once, as this module loads; every other host connects as before.
 */
const hosts = new Map<string, () => SimSocket>();
let nextHost = 0;
const realConnect = net.connect;
function connect(this: unknown, ...args: unknown[]): net.Socket {
  const options = args[0];
  const host =
    typeof options === 'object' && options !== null ? (options as { host?: unknown }).host : undefined;
  const open = typeof host === 'string' ? hosts.get(host) : undefined;
  if (open) return open() as unknown as net.Socket;
  return (realConnect as (...a: unknown[]) => net.Socket).apply(this, args);
}
Object.assign(net, { connect, createConnection: connect });
syncBuiltinESMExports();
// Node's http agents keep the `net.createConnection` they loaded with (node-fetch, and so
// PouchDB's HTTP adapter, connect through `http.globalAgent`): they get the same routing.
http.Agent.prototype.createConnection = connect;

/**
 * The host name deployments are addressed by here: every simulated host name has its length, so
 * the `Host` header of an upgrade or HTTP request costs what it would at a real address.
 */
export const DEPLOYED_HOST = 'sync.example.com';

/** Registers a simulated host whose connections `open` makes; returns its name and how to remove it. */
export function simulatedHost(open: () => SimSocket): { readonly host: string; remove(): void } {
  // `sync-` + six base-36 digits + `.test`: unique, and as long as DEPLOYED_HOST.
  const host = `sync-${(++nextHost).toString(36).padStart(6, '0')}.test`;
  hosts.set(host, open);
  return { host, remove: () => void hosts.delete(host) };
}

/**
 * A client replica's connection to its server as a real stack sees it: the stack opens sockets
 * when it wants (`open`, its `createConnection` or a simulated host's opener). A socket opened
 * while the simulated link is up connects at once; one opened while it is down waits until the
 * link comes up, as a TCP connect does; one opened after the replica closed is refused.
 */
export class ClientSockets {
  private readonly ends: SocketEnds;
  private linkUp = false;
  private closed = false;

  constructor(
    private readonly server: string,
    send: (peer: string, bytes: Uint8Array) => void,
  ) {
    this.ends = new SocketEnds(send, () => {});
  }

  /** A new connection to the server, for the stack. */
  open(): SimSocket {
    if (this.closed) return refusedSocket(this.server);
    return this.linkUp ? this.ends.connected(this.server) : this.ends.connecting(this.server);
  }

  /** The replica's `receive`. */
  receive(from: string, bytes: Uint8Array): void {
    this.ends.receive(from, bytes);
  }

  /** The replica's `connected`: the link is up, and a waiting attempt connects. */
  connected(): void {
    this.linkUp = true;
    this.ends.linkUp(this.server);
  }

  /** The replica's `disconnected`: the socket ends with a reset. */
  disconnected(): void {
    this.linkUp = false;
    this.ends.disconnected(this.server);
  }

  /** The replica crashed or closed: its connection drops at once, and later attempts are refused. */
  close(): void {
    this.closed = true;
    this.linkUp = false;
    this.ends.resetAll();
  }
}
