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
  ReadPath,
  ReadValue,
  ReplicaContext,
  Snapshot,
  StoredSize,
} from '../../src/contract/contract.ts';
import { SocketServerReplica } from '../../src/contract/socket-replicas.ts';
import { fromJson, storagePersister } from './storage-persister.ts';
import { readPath, snapshotOf, storedSizeOf } from './tinybase-model.ts';
import { ROOM } from './tinybase-client.ts';

const pathKey = (pathId: string): string => `tinybase/path/${pathId}`;

export class TinyBaseServer extends SocketServerReplica {
  private readonly server: WsServer;
  /** Each path's store, as the server's persister holds it. */
  private readonly stores = new Map<string, MergeableStore>();
  /** What storage holds while no client has opened the room in this process. */
  private stored: MergeableStore | undefined;

  constructor(ctx: ReplicaContext) {
    super(ctx, 'TinyBase');
    const ignored = (error: unknown): void => ctx.log(`tinybase server: ${String(error)}`);
    this.server = createWsServer(
      this.endpoint.wss,
      (pathId) => {
        const store = createMergeableStore();
        this.stores.set(pathId, store);
        return storagePersister(store, ctx.storage, pathKey(pathId), () => !this.dead, ignored);
      },
      ignored,
    );
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

  /** The paths' stores go with the process's memory. */
  protected stop(): void {
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
