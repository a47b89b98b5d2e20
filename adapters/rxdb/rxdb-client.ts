/**
 * An RxDB client: an RxDatabase on the memory storage whose collection is replicated with
 * `replicateRxCollection`. Its pull handler, push handler and pull stream travel as messages over
 * the simulated transport to the replication server; on every reconnect the client subscribes
 * to the change stream again and emits `RESYNC`, so RxDB re-reads from its checkpoint. Conflicts
 * go to RxDB's default conflict handler (the server's state wins); local writes it drops that way
 * are counted. RxDB's API is asynchronous, so the client keeps a synchronous view of its
 * collection, fed by the collection's own change events.
 */
import type { RxCollection, RxDatabase } from 'rxdb';
import type { RxReplicationState } from 'rxdb/plugins/replication';
import { replicateRxCollection } from 'rxdb/plugins/replication';
import { AppSchemaVersion } from '../../src/contract/app-schema-version.ts';
import { Subject } from 'rxjs';
import type {
  ApplyOutcome,
  CloseReason,
  Op,
  OpKind,
  ReadPath,
  ReadValue,
  Replica,
  ReplicaContext,
  ReplicaId,
  Snapshot,
  StoredSize,
} from '../../src/contract/contract.ts';
import { UnsupportedOpError } from '../../src/contract/contract.ts';
import { canonicalJson } from '../../src/contract/canonical.ts';
import type { Checkpoint, PullBatch, PushRow, ReplicatedDoc, Request, Response } from './protocol.ts';
import { decodeMessage, encodeMessage } from './protocol.ts';
import { closeWorkspace, databaseName, openWorkspace, storedBytesOf } from './rxdb-database.ts';
import type { WorkspaceDoc } from './rxdb-model.ts';
import { COLLECTION_NAME, readPath, snapshotOf, writeFor } from './rxdb-model.ts';

type Workspace = { db: RxDatabase; collection: RxCollection<WorkspaceDoc> };

const VERSION_KEY = 'rxdb/schema-version';

/** RxDB's default `retryTime`: how long a failed pull or push waits before trying again. */
const RETRY_MS = 5_000;

type StreamEvent = PullBatch | 'RESYNC';

interface Call {
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: Error) => void;
}

/** The document without RxDB's meta fields. */
function dataOf(doc: Record<string, unknown>): WorkspaceDoc {
  const { id, kind, table, fields, text } = doc as unknown as WorkspaceDoc;
  return {
    id,
    kind,
    ...(table === undefined ? {} : { table }),
    ...(fields === undefined ? {} : { fields }),
    ...(text === undefined ? {} : { text }),
  };
}

export class RxdbClient implements Replica {
  private readonly view = new Map<string, WorkspaceDoc>();
  private readonly name: string;
  private readonly server: ReplicaId;
  private readonly stream$ = new Subject<StreamEvent>();
  private readonly calls = new Map<string, Call>();
  private opened: Promise<Workspace>;
  /** The schema version the client's application is at (kept in durable storage). */
  private version: number;
  private readonly appVersion: AppSchemaVersion;
  private replication: RxReplicationState<WorkspaceDoc, Checkpoint> | undefined;
  /** Local writes run one after another, in the order the user made them. */
  private writes: Promise<unknown> = Promise.resolve();
  private nextCall = 0;
  private up = false;
  private droppedWrites = 0;

  constructor(
    private readonly ctx: ReplicaContext,
    private readonly supportedOps: readonly OpKind[],
  ) {
    const server = ctx.peers[0];
    if (!server) throw new Error(`RxDB client ${ctx.id} has no server to replicate with`);
    this.server = server;
    this.name = databaseName(ctx.storage, ctx.id);
    this.appVersion = new AppSchemaVersion(ctx.storage, ctx.schema, VERSION_KEY);
    this.version = this.appVersion.current;
    this.opened = this.open();
    this.opened.catch((error: Error) => ctx.log(`opening RxDB failed: ${error.message}`, 'error'));
  }

  apply(op: Op): ApplyOutcome {
    if (!this.supportedOps.includes(op.kind))
      throw new UnsupportedOpError('rxdb', op.kind, this.supportedOps);
    if (op.kind === 'upgradeSchema') return this.upgrade(op.version);
    const write = writeFor(op, (id) => this.view.get(id));
    if (typeof write === 'string') return { status: 'rejected', reason: write };
    if (write.doc) this.view.set(write.id, write.doc);
    else this.view.delete(write.id);
    this.writes = this.writes
      .then(async () => {
        const { collection } = await this.opened;
        if (write.doc) await collection.upsert(write.doc);
        else await (await collection.findOne(write.id).exec())?.remove();
      })
      .catch((error: Error) => this.ctx.log(`write of ${write.id} failed: ${error.message}`, 'error'));
    return { status: 'applied' };
  }

  receive(_from: ReplicaId, bytes: Uint8Array): void {
    const message = decodeMessage<Response>(bytes);
    if (message.id === 'stream') this.stream$.next(message.result as StreamEvent);
    else this.calls.get(message.id)?.resolve(message.result);
  }

  connected(peer: ReplicaId): void {
    if (peer !== this.server) return;
    this.up = true;
    this.call('masterChangeStream$', []).catch(() => {}); // a drop before the ack is healed by the next connect
    this.stream$.next('RESYNC');
  }

  disconnected(peer: ReplicaId): void {
    if (peer !== this.server) return;
    this.up = false;
    for (const call of [...this.calls.values()]) call.reject(new Error('connection lost'));
  }

  read(path: ReadPath): ReadValue {
    return readPath(this.view, path);
  }

  snapshot(): Snapshot {
    return snapshotOf(this.view, this.ctx.schema);
  }

  storedBytes(): StoredSize {
    const { workspace, internal } = storedBytesOf(this.name);
    return { bytes: workspace + internal, encodings: { workspace, internal } };
  }

  counters(): Record<string, number> {
    return { droppedWrites: this.droppedWrites };
  }

  idle(): void {}

  async close(reason: CloseReason): Promise<void> {
    this.up = false;
    for (const call of [...this.calls.values()]) call.reject(new Error('closed'));
    this.stream$.complete();
    const { db } = await this.opened;
    await this.writes;
    await this.replication?.cancel();
    await closeWorkspace(this.name, db, reason === 'end');
  }

  /**
   * The application moves to schema `version`: the client closes its database and reopens it at
   * the new version, and RxDB's migration plugin rewrites the stored documents on the way
   * (`migrationStrategies`); replication then resumes with the new schema.
   */
  private upgrade(version: number): ApplyOutcome {
    const refusal = this.appVersion.refusal(version);
    if (refusal) return { status: 'rejected', reason: refusal };
    this.version = version;
    this.appVersion.record(version);
    // Until the database has reopened, reads see the data as it was (RxDB holds writes meanwhile).
    const previous = this.opened;
    this.opened = this.writes.then(async () => {
      const { db } = await previous;
      await this.replication?.cancel();
      await closeWorkspace(this.name, db, false);
      this.view.clear();
      return this.open();
    });
    this.writes = this.opened.catch((error: Error) =>
      this.ctx.log(`upgrading to schema version ${version} failed: ${error.message}`, 'error'),
    );
    return { status: 'applied' };
  }

  private async open(): Promise<Workspace> {
    const opened = await openWorkspace(this.name, this.version, this.ctx.schema.migrations ?? []);
    const { collection } = opened;
    for (const doc of await collection.find().exec()) this.view.set(doc.primary, dataOf(doc.toJSON()));
    collection.$.subscribe((event) => {
      if (event.operation === 'DELETE') this.view.delete(event.documentId);
      else this.view.set(event.documentId, dataOf(event.documentData as unknown as Record<string, unknown>));
    });
    this.replication = replicateRxCollection<WorkspaceDoc, Checkpoint>({
      collection,
      replicationIdentifier: `syncbench-${this.server}`,
      live: true,
      retryTime: RETRY_MS,
      waitForLeadership: false,
      pull: {
        handler: async (checkpoint, batchSize) => {
          const batch = (await this.call('masterChangesSince', [checkpoint, batchSize])) as PullBatch;
          return { documents: [...batch.documents], checkpoint: batch.checkpoint };
        },
        stream$: this.stream$.asObservable() as never,
      },
      push: {
        handler: async (rows) => {
          const conflicts = (await this.call('masterWrite', [rows])) as ReplicatedDoc[];
          this.countDropped(rows, conflicts);
          return conflicts;
        },
      },
    });
    this.replication.error$.subscribe((error) => this.ctx.log(`replication: ${error.message}`));
    return opened;
  }

  /** With the server's state winning, a conflicting local write that differs from it is dropped. */
  private countDropped(rows: readonly PushRow[], conflicts: readonly ReplicatedDoc[]): void {
    const pushed = new Map(rows.map((row) => [row.newDocumentState.id, row.newDocumentState]));
    for (const master of conflicts) {
      const mine = pushed.get(master.id);
      if (mine && canonicalJson(mine) !== canonicalJson(master)) this.droppedWrites++;
    }
  }

  /** A request to the server; fails at once while disconnected, and when the connection drops. */
  private call(method: Request['method'], params: Request['params']): Promise<unknown> {
    if (!this.up) return Promise.reject(new Error('not connected'));
    const id = String(this.nextCall++);
    return new Promise((resolve, reject) => {
      const done = (): void => void this.calls.delete(id);
      this.calls.set(id, { resolve: (r) => (done(), resolve(r)), reject: (e) => (done(), reject(e)) });
      this.ctx.send(
        this.server,
        encodeMessage({ id, collection: COLLECTION_NAME, method, params } as Request),
      );
    });
  }
}
