/**
 * What every socket-stack replica does the same way, whatever its library: a client's harness
 * hooks go to its simulated sockets to the server (`ClientSockets`), a server's to its WebSocket
 * endpoint (`SimWebSocketServer`); a server makes no local edits; and a crash or the end marks
 * the process dead (`dead`: whatever it still had scheduled writes nothing), drops the
 * connections first, so nothing more is sent, not even a close frame, and then stops the
 * library (`stop`). A subclass brings its library, its document and its reads.
 */
import type { IncomingMessage } from 'node:http';
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
} from './contract.ts';
import { ClientSockets } from './sim-socket.ts';
import { SimWebSocketServer } from './sim-websocket-server.ts';
import type { PeerWebSocket } from './ws-payload.ts';

/** The server replica's id, every client's one peer in a star. */
export const SERVER = 'server' as ReplicaId;

abstract class SocketReplica implements Replica {
  /** Set by a crash or the end: the process is gone. */
  protected dead = false;

  constructor(protected readonly ctx: ReplicaContext) {}

  abstract apply(op: Op): ApplyOutcome;
  abstract read(path: ReadPath): ReadValue;
  abstract snapshot(): Snapshot;
  abstract storedBytes(): StoredSize;
  abstract receive(from: ReplicaId, bytes: Uint8Array): void;
  abstract connected(): void;
  abstract disconnected(peer: ReplicaId): void;
  /** Stops the library, once its connections are gone. */
  protected abstract stop(): void;
  /** Drops every connection at once. */
  protected abstract dropConnections(): void;

  idle(): void {}

  close(): void {
    this.dead = true;
    this.dropConnections();
    this.stop();
  }
}

/** A client whose library opens its own connections over the replica's simulated sockets. */
export abstract class SocketClientReplica extends SocketReplica {
  protected readonly sockets: ClientSockets;

  constructor(ctx: ReplicaContext) {
    super(ctx);
    this.sockets = new ClientSockets(SERVER, (peer, bytes) => ctx.send(peer as ReplicaId, bytes));
  }

  receive(from: ReplicaId, bytes: Uint8Array): void {
    this.sockets.receive(from, bytes);
  }

  connected(): void {
    this.sockets.connected();
  }

  disconnected(): void {
    this.sockets.disconnected();
  }

  protected dropConnections(): void {
    this.sockets.close();
  }
}

/** A server whose library takes WebSockets from the replica's endpoint. */
export abstract class SocketServerReplica extends SocketReplica {
  protected readonly endpoint: SimWebSocketServer;

  /**
   * `library`: its name, for the error a local edit gets. `accept`: hands a connection to the
   * library; by default the endpoint's WebSocketServer emits it as `connection`, for a library
   * given that server.
   */
  constructor(
    ctx: ReplicaContext,
    private readonly library: string,
    accept?: (conn: PeerWebSocket, req: IncomingMessage) => void,
  ) {
    super(ctx);
    this.endpoint = new SimWebSocketServer(
      ctx,
      accept ?? ((conn, req) => this.endpoint.wss.emit('connection', conn, req)),
    );
  }

  apply(op: Op): ApplyOutcome {
    throw new Error(`the ${this.library} server makes no local edits (got ${op.kind})`);
  }

  receive(from: ReplicaId, bytes: Uint8Array): void {
    this.endpoint.receive(from, bytes);
  }

  connected(): void {}

  disconnected(peer: ReplicaId): void {
    this.endpoint.disconnected(peer);
  }

  protected dropConnections(): void {
    this.endpoint.close();
  }
}
