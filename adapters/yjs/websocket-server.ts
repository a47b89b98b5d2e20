/**
 * The server replica on Yjs's real deployment stack: `@y/websocket-server`'s `setupWSConnection`
 * behind Node's http server and `ws`, over simulated sockets. The library keeps its documents in
 * a process-wide map by name and has one process-wide persistence; each server replica gets its
 * own document name, and the persistence hands each document to the durable storage of the
 * replica that owns it, as y-leveldb stores them (`leveldb-persistence.ts`). When the last client
 * leaves, the library writes the state and drops the document, and the next connection loads it
 * again from storage, as a deployed server does.
 */
import { docs, setPersistence, setupWSConnection } from '@y/websocket-server/utils';
import type * as Y from 'yjs';
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
import { SimWebSocketServer } from '../../src/contract/sim-websocket-server.ts';
import { readPath, snapshotOf, storedSizeOf } from './yjs-model.ts';
import { LeveldbPersistence } from './leveldb-persistence.ts';

/** Each server replica's storage, by the document name it serves. */
const storageByDoc = new Map<string, DurableStorage>();
let servers = 0;

setPersistence({
  provider: null,
  bindState: (name: string, doc: Y.Doc) => {
    const storage = storageByDoc.get(name);
    if (!storage) return;
    new LeveldbPersistence(storage).bind(doc);
  },
  writeState: () => Promise.resolve(),
});

export class YWebsocketServer implements Replica {
  private readonly name = `syncbench-yjs-${++servers}`;
  private readonly endpoint: SimWebSocketServer;
  private stored: Y.Doc | undefined;

  constructor(private readonly ctx: ReplicaContext) {
    storageByDoc.set(this.name, ctx.storage);
    this.endpoint = new SimWebSocketServer(ctx, (conn, req) =>
      setupWSConnection(conn, req, { docName: this.name }),
    );
  }

  apply(op: Op): ApplyOutcome {
    throw new Error(`the y-websocket server makes no local edits (got ${op.kind})`);
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

  /** A crash or the end: connections drop and the document goes with the process's memory. */
  close(): void {
    this.endpoint.close();
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
      this.stored = new LeveldbPersistence(this.ctx.storage).read();
    }
    return this.stored;
  }
}
