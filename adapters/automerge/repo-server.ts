/**
 * The server replica on Automerge's real deployment stack, as automerge-repo's sync server runs
 * it: a `Repo` with `WebSocketServerAdapter` on a `ws` WebSocketServer behind Node's http server
 * (over simulated sockets), `sharePolicy` false (it answers what clients ask for and announces
 * nothing), its storage subsystem over the replica's durable storage. It holds the document once
 * a client has brought it, or loads it from storage after a restart.
 */
import { Repo } from '@automerge/automerge-repo/slim';
import type { DocHandle, PeerId } from '@automerge/automerge-repo/slim';
import { WebSocketServerAdapter } from '@automerge/automerge-repo-network-websocket';
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
import { DEPLOYED_HOST } from '../../src/contract/sim-socket.ts';
import { SimWebSocketServer } from '../../src/contract/sim-websocket-server.ts';
import type { WorkspaceDoc } from './automerge-model.ts';
import { readPath, snapshotOf } from './automerge-model.ts';
import { DOCUMENT_ID, DOCUMENT_URL, storedDocument } from './repo-document.ts';
import { DurableStorageAdapter } from './repo-storage.ts';

export class AutomergeRepoServer implements Replica {
  private readonly storage: DurableStorageAdapter;
  private readonly endpoint: SimWebSocketServer;
  private readonly repo: Repo;
  private loading: A.Doc<WorkspaceDoc> | undefined;

  constructor(private readonly ctx: ReplicaContext) {
    this.storage = new DurableStorageAdapter(ctx.storage);
    this.endpoint = new SimWebSocketServer(ctx, (conn, req) =>
      this.endpoint.wss.emit('connection', conn, req),
    );
    this.repo = new Repo({
      network: [new WebSocketServerAdapter(this.endpoint.wss as never)],
      storage: this.storage,
      peerId: `storage-server-${DEPLOYED_HOST}` as PeerId,
      sharePolicy: () => Promise.resolve(false),
    });
    if (this.storage.has([DOCUMENT_ID])) void this.repo.find(DOCUMENT_URL).catch(() => {});
  }

  apply(op: Op): ApplyOutcome {
    throw new Error(`the automerge-repo sync server makes no local edits (got ${op.kind})`);
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
    const held = this.handle() !== undefined || this.storage.has([DOCUMENT_ID]);
    return { bytes: held ? A.save(this.doc()).byteLength : 0 };
  }

  idle(): void {}

  /** A crash or the end: connections drop, the keep-alive stops, queued saves are lost. */
  close(): void {
    this.storage.close();
    this.endpoint.close();
    this.endpoint.wss.close();
  }

  private handle(): DocHandle<WorkspaceDoc> | undefined {
    const handle = this.repo.handles[DOCUMENT_ID] as DocHandle<WorkspaceDoc> | undefined;
    return handle?.isReady() ? handle : undefined;
  }

  /**
   * The document as the server holds it; while a restarted server is still loading it, what
   * storage holds (before any client brought it, the empty workspace).
   */
  private doc(): A.Doc<WorkspaceDoc> {
    const handle = this.handle();
    if (handle) return handle.doc();
    this.loading ??= storedDocument(this.storage, this.ctx.schema);
    return this.loading;
  }
}
