/**
 * A client replica on TinyBase's stack: a MergeableStore, persisted to durable storage
 * (`storage-persister.ts`), synchronized by TinyBase's `WsSynchronizer` over
 * `reconnecting-websocket` (TinyBase's synchronizer takes one socket and does not reconnect by
 * itself; TinyBase's collaborative Todo demo reconnects with it), a new synchronizer made on
 * every open, as TinyBase 10 needs (`sync-per-connection.ts`), with `ws` as its WebSocket over
 * simulated sockets, on the path `/syncbench` (the server's room). Each client loads its own copy
 * of reconnecting-websocket, which draws its minimum reconnect delay when its module loads (once
 * per page in a browser), from the run's seeded stream. The store loads what the replica
 * persisted before it syncs, and saves after every change.
 */
import { createMergeableStore } from 'tinybase';
import type { MergeableStore } from 'tinybase';
import type rws from 'reconnecting-websocket';
import type {
  ApplyOutcome,
  Op,
  ReadPath,
  ReadValue,
  ReplicaContext,
  Snapshot,
  StoredSize,
} from '../../src/contract/contract.ts';
import { AppSchemaVersion } from '../../src/contract/app-schema-version.ts';
import { commonJsModule } from '../../src/contract/commonjs-module.ts';
import { DEPLOYED_HOST } from '../../src/contract/sim-socket.ts';
import { SERVER, SocketClientReplica } from '../../src/contract/socket-replicas.ts';
import { clientWebSocket } from '../../src/contract/ws-payload.ts';
import { storagePersister } from './storage-persister.ts';
import { syncPerConnection } from './sync-per-connection.ts';
import { applyOp, readPath, snapshotOf, storedSizeOf, upgradeStore } from './tinybase-model.ts';

/** The server path every client syncs on. */
export const ROOM = 'syncbench';

const reconnectingWebSocket = commonJsModule('reconnecting-websocket');

export class TinyBaseClient extends SocketClientReplica {
  private readonly store: MergeableStore;
  private readonly appVersion: AppSchemaVersion;
  private readonly socket: InstanceType<typeof rws.default>;
  private readonly stopSync: () => void;

  constructor(
    ctx: ReplicaContext,
    private readonly supportedOps: readonly string[],
  ) {
    super(ctx);
    this.store = createMergeableStore();
    this.appVersion = new AppSchemaVersion(ctx.storage, ctx.schema);
    const ReconnectingWebSocket = reconnectingWebSocket({}) as unknown as typeof rws.default;
    this.socket = new ReconnectingWebSocket(`ws://${DEPLOYED_HOST}/${ROOM}`, [], {
      WebSocket: clientWebSocket(ctx, SERVER, () => this.sockets.open(), true),
    });
    const ignored = (error: unknown): void => ctx.log(`tinybase: ${String(error)}`);
    const persister = storagePersister(this.store, ctx.storage, 'tinybase/store', () => !this.dead, ignored);
    const loaded = persister.load().then(() => persister.startAutoSave());
    this.stopSync = syncPerConnection(this.store, this.socket, loaded, ignored);
  }

  apply(op: Op): ApplyOutcome {
    if (op.kind === 'upgradeSchema')
      return upgradeStore(this.store, this.ctx.schema, this.appVersion, op.version);
    return applyOp(this.store, op, this.supportedOps);
  }

  /** One transaction for the batch. */
  applyBatch(ops: readonly Op[]): ApplyOutcome[] {
    let outcomes: ApplyOutcome[] = [];
    this.store.transaction(() => {
      outcomes = ops.map((op) => this.apply(op));
    });
    return outcomes;
  }

  read(path: ReadPath): ReadValue {
    return readPath(this.store, path);
  }

  snapshot(): Snapshot {
    return snapshotOf(this.store, this.ctx.schema);
  }

  storedBytes(): StoredSize {
    return storedSizeOf(this.store);
  }

  protected stop(): void {
    this.socket.close();
    this.stopSync();
  }
}
