/**
 * A client replica on Hocuspocus's stack: `@hocuspocus/provider`'s `HocuspocusProvider` (with
 * the `HocuspocusProviderWebsocket` it makes itself) and `ws` as its WebSocket, over simulated
 * sockets. The provider reconnects with its own back-off (jittered: `Math.random` is the run's
 * seeded stream). Masks come from the replica's seeded stream; updates persist as y-indexeddb
 * stores them (`indexeddb-persistence.ts`), the offline store Hocuspocus's docs pair it with.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
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
import { ClientSockets, DEPLOYED_HOST } from '../../src/contract/sim-socket.ts';
import type { SimSocket } from '../../src/contract/sim-socket.ts';
import { reportedSend } from '../../src/contract/ws-payload.ts';
import { applyOp, readPath, snapshotOf, storedSizeOf, upgradeDoc } from './yjs-model.ts';
import { IndexeddbPersistence } from './indexeddb-persistence.ts';
import { DOCUMENT } from './hocuspocus-server.ts';

const SERVER = 'server' as ReplicaId;

export class HocuspocusClient implements Replica {
  private readonly doc = new Y.Doc();
  private readonly appVersion: AppSchemaVersion;
  private readonly sockets: ClientSockets;
  private readonly socket: HocuspocusProviderWebsocket;
  private readonly provider: HocuspocusProvider;

  constructor(
    private readonly ctx: ReplicaContext,
    private readonly supportedOps: readonly string[],
  ) {
    this.doc.clientID = ctx.random.int(1, 0xffffffff);
    new IndexeddbPersistence(ctx.storage, this.doc, ctx.timers);
    this.appVersion = new AppSchemaVersion(ctx.storage, ctx.schema);
    this.sockets = new ClientSockets(SERVER, (peer, bytes) => ctx.send(peer as ReplicaId, bytes));
    const masks = ctx.random.fork('ws-masks');
    const open = (): SimSocket => this.sockets.open();
    class SimulatedWebSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, {
          createConnection: open as unknown as ClientRequestArgs['createConnection'],
          generateMask: (mask: Buffer) => {
            for (let i = 0; i < mask.length; i++) mask[i] = masks.int(0, 255);
          },
        });
        // As in a browser, where an error event nobody listens to ends nothing: the provider
        // sets no error handler, and on Node `ws` throws an unheard 'error' (a reset would end
        // the process; docs/findings.md). The close that follows schedules its reconnect.
        this.on('error', () => {});
      }

      override send(data: unknown, ...rest: unknown[]): void {
        reportedSend(this, data, (bytes) => ctx.payloadSent(SERVER, bytes));
        (super.send as (...args: unknown[]) => void)(data, ...rest);
      }
    }
    // The socket made apart from the provider, as an app sharing one connection does, since its
    // WebSocketPolyfill option is the socket's, not the provider's.
    this.socket = new HocuspocusProviderWebsocket({
      url: `ws://${DEPLOYED_HOST}`,
      WebSocketPolyfill: SimulatedWebSocket,
    });
    this.provider = new HocuspocusProvider({
      websocketProvider: this.socket,
      name: DOCUMENT,
      document: this.doc,
    });
    this.provider.attach();
  }

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
    this.provider.destroy();
    this.socket.destroy();
    this.provider.awareness?.destroy();
    this.doc.destroy();
  }
}
