/**
 * What both Yjs client stacks share (y-websocket's provider, `websocket-client.ts`, and
 * Hocuspocus's, `hocuspocus-client.ts`): the document with its seeded client id, persisted as
 * y-indexeddb stores it (`indexeddb-persistence.ts`), the app's schema version, the simulated
 * sockets, and `ws` as the provider's WebSocket, connecting over them with masks from the
 * replica's seeded stream and reporting the payload it sends. A subclass makes its provider.
 */
import * as Y from 'yjs';
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
import { AppSchemaVersion } from '../../src/contract/app-schema-version.ts';
import { ClientSockets } from '../../src/contract/sim-socket.ts';
import { clientWebSocket } from '../../src/contract/ws-payload.ts';
import type { ClientWebSocketClass } from '../../src/contract/ws-payload.ts';
import { applyOp, readPath, snapshotOf, storedSizeOf, upgradeDoc } from './yjs-model.ts';
import { IndexeddbPersistence } from './indexeddb-persistence.ts';

const SERVER = 'server' as ReplicaId;

export abstract class YjsClient implements Replica {
  protected readonly doc = new Y.Doc();
  private readonly appVersion: AppSchemaVersion;
  private readonly sockets: ClientSockets;
  /** The provider's WebSocket class: `ws` over this replica's simulated sockets. */
  protected readonly WebSocketClass: ClientWebSocketClass;

  constructor(
    protected readonly ctx: ReplicaContext,
    private readonly supportedOps: readonly string[],
    /**
     * Whether the socket drops its error events, as a browser's does (an error event nobody
     * listens to ends nothing there; on Node `ws` throws it), for a provider that sets no handler.
     */
    dropErrors = false,
  ) {
    this.doc.clientID = ctx.random.int(1, 0xffffffff);
    new IndexeddbPersistence(ctx.storage, this.doc, ctx.timers);
    this.appVersion = new AppSchemaVersion(ctx.storage, ctx.schema);
    this.sockets = new ClientSockets(SERVER, (peer, bytes) => ctx.send(peer as ReplicaId, bytes));
    this.WebSocketClass = clientWebSocket(ctx, SERVER, () => this.sockets.open(), dropErrors);
  }

  /** Stops the provider (its sockets are gone already). */
  protected abstract stopProvider(): void;

  apply(op: Op): ApplyOutcome {
    if (op.kind !== 'upgradeSchema') return applyOp(this.doc, op, this.supportedOps);
    return upgradeDoc(this.doc, this.ctx.schema, this.appVersion, op.version);
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

  read(path: ReadPath): ReadValue {
    return readPath(this.doc, path);
  }

  snapshot(): Snapshot {
    return snapshotOf(this.doc, this.ctx.schema);
  }

  storedBytes(): StoredSize {
    return storedSizeOf(this.doc);
  }

  idle(): void {}

  /** A crash or the end: the connection drops first, so nothing more (not even a close frame) is sent. */
  close(): void {
    this.sockets.close();
    this.stopProvider();
    this.doc.destroy();
  }
}
