/**
 * The server replica on RxDB's real deployment stack, as the `replication-websocket` plugin's
 * `startWebsocketServer` runs it: an RxDatabase (memory storage, its state kept by name across a
 * crash like the clients') whose collection answers the replication protocol through RxDB's own
 * storage-backed handler (`rxStorageInstanceToReplicationHandler`: checkpoints `{ id, lwt }`,
 * conflicts judged by the collection's conflict handler), each client's connection handled by the
 * plugin's code behind Node's http server and a `ws` endpoint over simulated sockets.
 */
import type { RxCollection, RxDatabase } from 'rxdb';
import { getReplicationHandlerByCollection, startWebsocketServer } from 'rxdb/plugins/replication-websocket';
import type { RxReplicationWriteToMasterRow, WithDeleted } from 'rxdb';
import type {
  ApplyOutcome,
  CloseReason,
  Op,
  ReadPath,
  ReadValue,
  Replica,
  ReplicaContext,
  ReplicaId,
  Snapshot,
  StoredSize,
} from '../../src/contract/contract.ts';
import { canonicalJson } from '../../src/contract/canonical.ts';
import { SimWebSocketServer } from '../../src/contract/sim-websocket-server.ts';
import {
  closeWorkspace,
  databaseName,
  followWorkspace,
  openWorkspace,
  storedBytesOf,
} from './rxdb-database.ts';
import type { WorkspaceDoc } from './rxdb-model.ts';
import { COLLECTION_NAME, readPath, snapshotOf } from './rxdb-model.ts';

type Server = ReturnType<typeof startWebsocketServer>;
type Row = RxReplicationWriteToMasterRow<WorkspaceDoc>;
type Master = WithDeleted<WorkspaceDoc>;

export class RxdbServer implements Replica {
  private readonly view = new Map<string, WorkspaceDoc>();
  private readonly name: string;
  private readonly endpoint: SimWebSocketServer;
  private readonly started: Promise<{ db: RxDatabase; server: Server }>;
  private conflicts = 0;
  private droppedWrites = 0;

  constructor(private readonly ctx: ReplicaContext) {
    this.name = databaseName(ctx.storage, ctx.id);
    this.started = this.start();
    this.started.catch((error: Error) =>
      ctx.log(`starting the RxDB server failed: ${error.message}`, 'error'),
    );
    // A connection that arrives while the database is still opening is handled once it has.
    this.endpoint = new SimWebSocketServer(
      ctx,
      (conn, req) => void this.started.then(({ server }) => server.server.emit('connection', conn, req)),
    );
  }

  apply(op: Op): ApplyOutcome {
    throw new Error(`the RxDB replication server makes no local edits (got ${op.kind})`);
  }

  receive(from: ReplicaId, bytes: Uint8Array): void {
    this.endpoint.receive(from, bytes);
  }

  connected(): void {}

  disconnected(peer: ReplicaId): void {
    this.endpoint.disconnected(peer);
  }

  read(path: ReadPath): ReadValue {
    return readPath(this.view, path);
  }

  snapshot(): Snapshot {
    return snapshotOf(this.view, this.ctx.schema);
  }

  /** Every document the server's storage holds, deleted ones and RxDB's meta fields included. */
  storedBytes(): StoredSize {
    const { workspace, internal } = storedBytesOf(this.name);
    return { bytes: workspace + internal, encodings: { workspace, internal } };
  }

  counters(): Record<string, number> {
    return { pushConflicts: this.conflicts, droppedWrites: this.droppedWrites };
  }

  idle(): void {}

  /** A crash or the end: connections drop at once; the database closes (or, at the end, is removed). */
  async close(reason: CloseReason): Promise<void> {
    this.endpoint.close();
    const { db } = await this.started;
    await closeWorkspace(this.name, db, reason === 'end');
  }

  private async start(): Promise<{ db: RxDatabase; server: Server }> {
    const version = this.ctx.schema.version ?? 1;
    const { db, collection } = await openWorkspace(this.name, version, this.ctx.schema.migrations ?? []);
    await followWorkspace(collection, this.view);
    const server = startWebsocketServer({ database: db, noServer: true });
    this.countConflicts(collection);
    return { db, server };
  }

  /**
   * Counts, around the library's own `masterWrite`, the rows it answers with a conflict, and those
   * whose local write the client's conflict handler will drop (the server's state differs).
   */
  private countConflicts(collection: RxCollection<WorkspaceDoc>): void {
    const handler = getReplicationHandlerByCollection(collection.database, COLLECTION_NAME);
    const masterWrite = handler.masterWrite.bind(handler) as (rows: Row[]) => Promise<Master[]>;
    handler.masterWrite = async (rows: Row[]): Promise<Master[]> => {
      const conflicts = await masterWrite(rows);
      const pushed = new Map(rows.map((row) => [row.newDocumentState.id, row.newDocumentState]));
      for (const master of conflicts) {
        this.conflicts++;
        const mine = pushed.get(master.id);
        if (mine && canonicalJson(mine) !== canonicalJson(master)) this.droppedWrites++;
      }
      return conflicts;
    };
  }
}
