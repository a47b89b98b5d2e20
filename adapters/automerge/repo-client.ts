/**
 * A client replica on Automerge's real deployment stack: an automerge-repo `Repo` with its
 * `WebSocketClientAdapter` (which opens its own WebSocket from the server's URL and retries every
 * 5 s) and its storage subsystem over the replica's durable storage (incremental changes saved
 * 100 ms after an edit, compacted into snapshots, sync states per peer), as a browser or Node app
 * runs it. The URL names a simulated host, so its connections are simulated sockets; an attempt
 * while the link is down waits, as a TCP connect does, and opens when the link comes up.
 */
import { Repo } from '@automerge/automerge-repo/slim';
import type { DocHandle, PeerId } from '@automerge/automerge-repo/slim';
import { WebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket';
import * as A from '@automerge/automerge';
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
import { ClientSockets, simulatedHost } from '../../src/contract/sim-socket.ts';
import { reportSends } from '../../src/contract/ws-payload.ts';
import type { WorkspaceDoc } from './automerge-model.ts';
import { deployedChangeTime, mutateAll, readPath, rewriteAll, snapshotOf } from './automerge-model.ts';
import { openDocument, repoPeerId, storedDocument } from './repo-document.ts';
import { DurableStorageAdapter } from './repo-storage.ts';

const SERVER = 'server' as ReplicaId;

export class AutomergeRepoClient implements Replica {
  private readonly storage: DurableStorageAdapter;
  private readonly appVersion: AppSchemaVersion;
  private readonly sockets: ClientSockets;
  private readonly network: WebSocketClientAdapter;
  private readonly repo: Repo;
  private handle: DocHandle<WorkspaceDoc> | undefined;
  private loading: A.Doc<WorkspaceDoc> | undefined;

  constructor(
    private readonly ctx: ReplicaContext,
    private readonly supportedOps: readonly string[],
  ) {
    // The repo's own peer id format (`peer-` and base-36 digits), drawn first from the seed.
    const peerId = repoPeerId(ctx.random.next());
    this.storage = new DurableStorageAdapter(ctx.storage);
    this.appVersion = new AppSchemaVersion(ctx.storage, ctx.schema);
    this.sockets = new ClientSockets(SERVER, (peer, bytes) => ctx.send(peer as ReplicaId, bytes));
    const { host } = simulatedHost(() => this.sockets.open());
    const report = (bytes: number): void => ctx.payloadSent(SERVER, bytes);
    // The library's adapter as it is; each WebSocket it opens reports what is sent on it. Its
    // errors go as in a browser, where a failed connection carries no error details and an error
    // event nobody listens to ends nothing: on Node the adapter rethrows every error but
    // ECONNREFUSED, and a socket it has let go of (it drops the listeners of the previous socket
    // on every reconnect) would throw its reset; the close that follows schedules the reconnect
    // either way.
    class Adapter extends WebSocketClientAdapter {
      override onError = (): void => {};

      override connect(
        peerId: PeerId,
        peerMetadata?: Parameters<WebSocketClientAdapter['connect']>[1],
      ): void {
        super.connect(peerId, peerMetadata);
        if (!this.socket) return;
        this.socket.on('error', () => {});
        reportSends(this.socket, report);
      }
    }
    this.network = new Adapter(`ws://${host}`);
    this.repo = new Repo({
      network: [this.network],
      storage: this.storage,
      peerId,
      sharePolicy: () => Promise.resolve(true),
    });
    const opened = openDocument(this.repo, this.storage, ctx.schema);
    if (opened instanceof Promise) void opened.then((handle) => (this.handle = handle));
    else this.handle = opened;
  }

  apply(op: Op): ApplyOutcome {
    return this.applyBatch([op])[0] ?? { status: 'applied' };
  }

  applyBatch(ops: readonly Op[]): ApplyOutcome[] {
    const handle = this.handle;
    if (!handle) return ops.map(() => ({ status: 'rejected', reason: 'the document is still loading' }));
    if (ops.some((op) => op.kind === 'upgradeSchema')) return ops.map((op) => this.applyOne(handle, op));
    let outcomes: ApplyOutcome[] = [];
    handle.change(
      (d) => {
        outcomes = mutateAll(d, ops, this.supportedOps);
      },
      { time: deployedChangeTime(this.ctx.now()) },
    );
    return outcomes;
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
    return readPath(this.doc(), path);
  }

  snapshot(): Snapshot {
    return snapshotOf(this.doc(), this.ctx.schema);
  }

  storedBytes(): StoredSize {
    return { bytes: A.save(this.doc()).byteLength };
  }

  idle(): void {}

  /**
   * A crash or the end: the connection drops first, so nothing more (not even a close frame) is
   * sent; the adapter then lets go of the socket before it reports the close, so it schedules no
   * reconnect (and the host refuses any it would make). Saves the library still has queued are lost.
   */
  close(): void {
    this.storage.close();
    this.sockets.close();
    if (this.network.socket) this.network.disconnect();
  }

  private applyOne(handle: DocHandle<WorkspaceDoc>, op: Op): ApplyOutcome {
    if (op.kind !== 'upgradeSchema') return this.applyBatch([op])[0] ?? { status: 'applied' };
    const refusal = this.appVersion.refusal(op.version);
    if (refusal) return { status: 'rejected', reason: refusal };
    const migrate = this.appVersion.moveTo(op.version);
    handle.change((d) => rewriteAll(d, this.ctx.schema, migrate), {
      time: deployedChangeTime(this.ctx.now()),
    });
    return { status: 'applied' };
  }

  /** The document; while a restarted repo is still loading it, what storage holds. */
  private doc(): A.Doc<WorkspaceDoc> {
    return this.handle ? this.handle.doc() : (this.loading ??= storedDocument(this.storage, this.ctx.schema));
  }
}
