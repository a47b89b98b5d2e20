/**
 * What both Yjs client stacks share (y-websocket's provider, `websocket-client.ts`, and
 * Hocuspocus's, `hocuspocus-client.ts`): the document with its seeded client id, persisted as
 * y-indexeddb stores it (`indexeddb-persistence.ts`), the app's schema version, the simulated
 * sockets, and `ws` as the provider's WebSocket, connecting over them with masks from the
 * replica's seeded stream and reporting the payload it sends. A subclass makes its provider.
 */
import { WebSocket } from 'ws';
import type { ClientRequestArgs } from 'node:http';
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
import type { SimSocket } from '../../src/contract/sim-socket.ts';
import { reportedSend } from '../../src/contract/ws-payload.ts';
import { applyOp, readPath, snapshotOf, storedSizeOf, upgradeDoc } from './yjs-model.ts';
import { IndexeddbPersistence } from './indexeddb-persistence.ts';

const SERVER = 'server' as ReplicaId;

export abstract class YjsClient implements Replica {
  protected readonly doc = new Y.Doc();
  private readonly appVersion: AppSchemaVersion;
  private readonly sockets: ClientSockets;
  /** The provider's WebSocket class: `ws` over this replica's simulated sockets. */
  protected readonly WebSocketClass: new (url: string, protocols?: string | string[]) => WebSocket;

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
    const masks = ctx.random.fork('ws-masks');
    const open = (): SimSocket => this.sockets.open();
    this.WebSocketClass = class SimulatedWebSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, {
          createConnection: open as unknown as ClientRequestArgs['createConnection'],
          generateMask: (mask: Buffer) => {
            for (let i = 0; i < mask.length; i++) mask[i] = masks.int(0, 255);
          },
        });
        if (dropErrors) this.on('error', () => {});
      }

      override send(data: unknown, ...rest: unknown[]): void {
        reportedSend(this, data, (bytes) => ctx.payloadSent(SERVER, bytes));
        (super.send as (...args: unknown[]) => void)(data, ...rest);
      }
    };
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
