/**
 * The server replica on Yjs's real deployment stack: `@y/websocket-server`'s `setupWSConnection`
 * behind Node's http server and `ws`, over simulated sockets. The library keeps its documents in
 * a process-wide map by name and has one process-wide persistence; each server replica gets its
 * own document name, and the persistence hands each document to the durable storage of the
 * replica that owns it (every update appended, as y-leveldb stores them). When the last client
 * leaves, the library writes the state and drops the document, and the next connection loads it
 * again from storage, as a deployed server does.
 */
import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { docs, setPersistence, setupWSConnection } from '@y/websocket-server/utils';
import { WebSocket, WebSocketServer } from 'ws';
import * as Y from 'yjs';
import type {
  ApplyOutcome,
  DurableStorage,
  Op,
  ReadPath,
  ReadValue,
  Replica,
  ReplicaContext,
  ReplicaId,
  Snapshot,
  StoredSize,
} from '../../src/contract/contract.ts';
import { SocketEnds } from '../../src/contract/sim-socket.ts';
import type { SimSocket } from '../../src/contract/sim-socket.ts';
import { reportedSend } from '../../src/contract/ws-payload.ts';
import { readPath, snapshotOf, storedSizeOf } from './yjs-model.ts';
import { YjsPersistence } from './yjs-persistence.ts';

/** A server-side connection that reports what the library sends on it as payload for its peer. */
class PeerWebSocket extends WebSocket {
  peer = '' as ReplicaId;
}

function reportingTo(ctx: ReplicaContext): typeof WebSocket {
  return class extends PeerWebSocket {
    override send(data: unknown, ...rest: unknown[]): void {
      reportedSend(this, data, (bytes) => ctx.payloadSent(this.peer, bytes));
      (super.send as (...args: unknown[]) => void)(data, ...rest);
    }
  };
}

/** Each server replica's storage, by the document name it serves. */
const storageByDoc = new Map<string, DurableStorage>();
let servers = 0;

setPersistence({
  provider: null,
  bindState: (name: string, doc: Y.Doc) => {
    const storage = storageByDoc.get(name);
    if (!storage) return;
    const persistence = new YjsPersistence(storage, doc);
    persistence.restore();
    doc.on('update', (update: Uint8Array, origin: unknown) => persistence.store(update, origin));
  },
  writeState: () => Promise.resolve(),
});

export class YWebsocketServer implements Replica {
  private readonly name = `syncbench-yjs-${++servers}`;
  private readonly http = createServer();
  private readonly wss: WebSocketServer;
  private readonly sockets: SocketEnds;
  private stored: Y.Doc | undefined;

  constructor(private readonly ctx: ReplicaContext) {
    storageByDoc.set(this.name, ctx.storage);
    this.wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, WebSocket: reportingTo(ctx) });
    this.http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.wss.handleUpgrade(req, socket, head, (conn) => {
        (conn as PeerWebSocket).peer = (socket as SimSocket).peer as ReplicaId;
        setupWSConnection(conn, req, { docName: this.name });
      }),
    );
    this.sockets = new SocketEnds(
      (peer, bytes) => ctx.send(peer as ReplicaId, bytes),
      (socket) => this.http.emit('connection', socket),
      true,
    );
  }

  apply(op: Op): ApplyOutcome {
    throw new Error(`the y-websocket server makes no local edits (got ${op.kind})`);
  }

  receive(from: ReplicaId, bytes: Uint8Array): void {
    this.sockets.receive(from, bytes);
  }

  connected(): void {}

  disconnected(peer: ReplicaId): void {
    this.sockets.disconnected(peer);
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

  /** A crash or the end: connections drop and the document goes with the process's memory. */
  close(): void {
    this.sockets.resetAll();
    for (const conn of this.wss.clients) conn.terminate();
    docs.get(this.name)?.destroy();
    docs.delete(this.name);
    storageByDoc.delete(this.name);
    this.stored?.destroy();
  }

  /**
   * The live document, or (with no client connected) what storage holds, restored once: storage
   * changes only through a live document, which drops the restored copy.
   */
  private doc(): Y.Doc {
    const live = docs.get(this.name);
    if (live) {
      this.stored?.destroy();
      this.stored = undefined;
      return live;
    }
    if (!this.stored) {
      this.stored = new Y.Doc();
      new YjsPersistence(this.ctx.storage, this.stored).restore();
    }
    return this.stored;
  }
}
