/**
 * The server replica on TinyBase's `WsServer` (`synchronizer-ws-server`), handed the replica's
 * `ws` WebSocketServer over simulated sockets (Node's http and `ws` as deployed), with a
 * persister per path as its users wire it: the path's MergeableStore saved to durable storage
 * after every change and loaded when the path is first opened (`storage-persister.ts`).
 */
import { createMergeableStore } from 'tinybase';
import type { MergeableContent, MergeableStore } from 'tinybase';
import { createWsServer } from 'tinybase/synchronizers/synchronizer-ws-server';
import type { WsServer } from 'tinybase/synchronizers/synchronizer-ws-server';
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
import { fromJson, storagePersister } from './storage-persister.ts';
import { readPath, snapshotOf, storedSizeOf } from './tinybase-model.ts';
import { ROOM } from './tinybase-client.ts';

const pathKey = (pathId: string): string => `tinybase/path/${pathId}`;

export class TinyBaseServer implements Replica {
  private readonly endpoint: SimWebSocketServer;
  private readonly server: WsServer;
  /** Each path's store, as the server's persister holds it. */
  private readonly stores = new Map<string, MergeableStore>();
  private dead = false;
  /** What storage holds while no client has opened the room in this process. */
  private stored: MergeableStore | undefined;

  constructor(private readonly ctx: ReplicaContext) {
    const endpoint = new SimWebSocketServer(ctx, (conn, req) => endpoint.wss.emit('connection', conn, req));
    this.endpoint = endpoint;
    const ignored = (error: unknown): void => ctx.log(`tinybase server: ${String(error)}`);
    this.server = createWsServer(
      endpoint.wss,
      (pathId) => {
        const store = createMergeableStore();
        this.stores.set(pathId, store);
        return storagePersister(store, ctx.storage, pathKey(pathId), () => !this.dead, ignored);
      },
      ignored,
    );
  }

  apply(op: Op): ApplyOutcome {
    throw new Error(`the TinyBase server makes no local edits (got ${op.kind})`);
  }

  receive(from: ReplicaId, bytes: Uint8Array): void {
    this.endpoint.receive(from, bytes);
  }

  connected(): void {}

  disconnected(peer: ReplicaId): void {
    this.endpoint.disconnected(peer);
  }

  read(path: ReadPath): ReadValue {
    return readPath(this.store(), path);
  }

  snapshot(): Snapshot {
    return snapshotOf(this.store(), this.ctx.schema);
  }

  storedBytes(): StoredSize {
    return storedSizeOf(this.store());
  }

  idle(): void {}

  /** A crash or the end: connections drop, and the paths' stores go with the process's memory. */
  close(): void {
    this.dead = true;
    this.endpoint.close();
    void this.server.destroy();
  }

  private store(): MergeableStore {
    const live = this.stores.get(ROOM);
    if (live) return live;
    if (!this.stored) {
      this.stored = createMergeableStore();
      const bytes = this.ctx.storage.get(pathKey(ROOM));
      if (bytes)
        this.stored.setMergeableContent(fromJson(new TextDecoder().decode(bytes)) as MergeableContent);
    }
    return this.stored;
  }
}
