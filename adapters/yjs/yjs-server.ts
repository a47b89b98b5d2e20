/**
 * What both Yjs server stacks share (`@y/websocket-server`, `websocket-server.ts`, and
 * Hocuspocus, `hocuspocus-server.ts`): the real WebSocket endpoint over simulated sockets, and
 * the replica's look at its document: the one the library has loaded, or with none loaded (no
 * client connected) what storage holds, restored once, since storage changes only through a
 * loaded document. A subclass hands connections to its library and says where its documents are.
 */
import type { IncomingMessage } from 'node:http';
import type * as Y from 'yjs';
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
import { SimWebSocketServer } from '../../src/contract/sim-websocket-server.ts';
import type { PeerWebSocket } from '../../src/contract/ws-payload.ts';
import { readPath, snapshotOf, storedSizeOf } from './yjs-model.ts';

export abstract class YjsServer implements Replica {
  private readonly endpoint: SimWebSocketServer;
  private stored: Y.Doc | undefined;

  constructor(
    protected readonly ctx: ReplicaContext,
    /** The library's name, for the error a local edit gets. */
    private readonly library: string,
  ) {
    this.endpoint = new SimWebSocketServer(ctx, (conn, req) => this.accept(conn, req));
  }

  /** Hands a WebSocket to the library's own connection handler. */
  protected abstract accept(conn: PeerWebSocket, req: IncomingMessage): void;
  /** The document the library has loaded, if any. */
  protected abstract loaded(): Y.Doc | undefined;
  /** The document as storage holds it. */
  protected abstract restore(): Y.Doc;
  /** The process's memory goes: the library's loaded documents with it. */
  protected abstract drop(): void;

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

  read(path: ReadPath): ReadValue {
    return readPath(this.doc(), path);
  }

  snapshot(): Snapshot {
    return snapshotOf(this.doc(), this.ctx.schema);
  }

  storedBytes(): StoredSize {
    return storedSizeOf(this.doc());
  }

  idle(): void {}

  /** A crash or the end: connections drop and the loaded document goes with the process's memory. */
  close(): void {
    this.endpoint.close();
    this.drop();
    this.stored?.destroy();
  }

  private doc(): Y.Doc {
    const live = this.loaded();
    if (live) {
      this.stored?.destroy();
      this.stored = undefined;
      return live;
    }
    return (this.stored ??= this.restore());
  }
}
