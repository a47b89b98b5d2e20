/**
 * A client replica on Loro's own sync stack: `loro-websocket`'s `LoroWebsocketClient`, joined to
 * one room with `loro-adaptors`' `LoroAdaptor` over the replica's LoroDoc, with `ws` as its
 * WebSocket over simulated sockets. The client reads the browser's global `WebSocket`, which
 * Node 20 lacks: each replica runs its own copy of the library's CommonJS build with `WebSocket`
 * bound to its socket class (`commonjs-module.ts`). Everything else is the library as deployed:
 * its back-off (jittered: `Math.random` is the run's seeded stream), its 30 s ping, its rejoin
 * with the doc's version after every reconnect, where the adaptor sends what the server lacks.
 * A local edit made while the socket is closed is not queued: that rejoin carries it. The doc
 * persists as Loro's persistence guide says (`loro-persistence.ts`).
 */
import { LoroDoc } from 'loro-crdt';
import { LoroAdaptor } from 'loro-adaptors/loro';
import type { LoroWebsocketClient } from 'loro-websocket';
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
import { DEPLOYED_HOST } from '../../src/contract/sim-socket.ts';
import { SERVER, SocketClientReplica } from '../../src/contract/socket-replicas.ts';
import { clientWebSocket } from '../../src/contract/ws-payload.ts';
import { commonJsModule } from '../../src/contract/commonjs-module.ts';
import { LoroPersistence } from './loro-persistence.ts';
import { applyOp, readPath, snapshotOf, storedSizeOf, upgradeDoc } from './loro-model.ts';

/** The room every client joins. */
export const ROOM = 'syncbench';

const loroWebsocketClient = commonJsModule('loro-websocket/client', ['WebSocket']);

export class LoroClient extends SocketClientReplica {
  private readonly doc = new LoroDoc();
  private readonly appVersion: AppSchemaVersion;
  private readonly client: LoroWebsocketClient;
  private readonly adaptor: LoroAdaptor;

  constructor(
    ctx: ReplicaContext,
    private readonly supportedOps: readonly string[],
  ) {
    super(ctx);
    this.doc.setPeerId(BigInt(ctx.random.int(1, 0xffffffff)));
    new LoroPersistence(ctx.storage, this.doc);
    this.appVersion = new AppSchemaVersion(ctx.storage, ctx.schema);
    const library = loroWebsocketClient({
      // A browser's WebSocket: an error event nobody hears ends nothing (the client detaches its
      // listeners before it closes a socket still connecting, and `ws` then emits 'error').
      globals: { WebSocket: clientWebSocket(ctx, SERVER, () => this.sockets.open(), true) },
    }) as { LoroWebsocketClient: typeof LoroWebsocketClient };
    this.client = new library.LoroWebsocketClient({
      url: `ws://${DEPLOYED_HOST}`,
      onError: (error) => ctx.log(`loro-websocket: ${error.message}`),
    });
    this.adaptor = new LoroAdaptor(this.doc);
    this.client.join({ roomId: ROOM, crdtAdaptor: this.adaptor }).catch((error: unknown) => {
      ctx.log(`loro-websocket join: ${String(error)}`, 'error');
    });
  }

  apply(op: Op): ApplyOutcome {
    if (op.kind !== 'upgradeSchema') return applyOp(this.doc, op, this.supportedOps);
    return upgradeDoc(this.doc, this.ctx.schema, this.appVersion, op.version);
  }

  /** One commit for the batch: one change, one update on the wire. */
  applyBatch(ops: readonly Op[]): ApplyOutcome[] {
    const outcomes = ops.map((op) =>
      op.kind === 'upgradeSchema'
        ? upgradeDoc(this.doc, this.ctx.schema, this.appVersion, op.version)
        : applyOp(this.doc, op, this.supportedOps, false),
    );
    this.doc.commit();
    return outcomes;
  }

  read(path: ReadPath): ReadValue {
    return readPath(this.doc, path);
  }

  snapshot(): Snapshot {
    return snapshotOf(this.doc, this.ctx.schema);
  }

  storedBytes(): StoredSize {
    return storedSizeOf(this.doc);
  }

  protected stop(): void {
    this.client.destroy();
    this.adaptor.destroy();
  }
}
