/**
 * An RxDB client on RxDB's real deployment stack: an RxDatabase (memory storage) whose collection
 * is replicated by the `replication-websocket` plugin's `replicateWithWebsocketServer`, unchanged:
 * its own reconnecting WebSocket (from `ws`) to the server's URL, its request ids
 * (`<database token>|<flag>|<n>`), its `RESYNC` and change-stream subscription on every connect,
 * and RxDB's default conflict handler (the server's state wins). The URL names a simulated host,
 * so its connections are simulated sockets; an attempt while the link is down waits, as a TCP
 * connect does. RxDB's API is asynchronous, so the client keeps a synchronous view of its
 * collection, fed by the collection's own change events.
 */
import '../../src/contract/ws-payload.ts'; // first: the virtual runtime before RxDB's ws loads
import type { RxCollection, RxDatabase } from 'rxdb';
import type { RxReplicationState } from 'rxdb/plugins/replication';
import { replicateWithWebsocketServer } from 'rxdb/plugins/replication-websocket';
import { AppSchemaVersion } from '../../src/contract/app-schema-version.ts';
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
import { ClientSockets, simulatedHost } from '../../src/contract/sim-socket.ts';
import type { PluginSocketOwner } from './plugin-sockets.ts';
import { ownPluginSockets } from './plugin-sockets.ts';
import {
  closeWorkspace,
  databaseName,
  followWorkspace,
  openWorkspace,
  storedBytesOf,
} from './rxdb-database.ts';
import type { WorkspaceDoc } from './rxdb-model.ts';
import { readPath, snapshotOf, writeFor } from './rxdb-model.ts';

type Workspace = { db: RxDatabase; collection: RxCollection<WorkspaceDoc> };

const VERSION_KEY = 'rxdb/schema-version';
const SERVER = 'server' as ReplicaId;

export class RxdbClient implements Replica {
  private readonly view = new Map<string, WorkspaceDoc>();
  private readonly name: string;
  private readonly sockets: ClientSockets;
  private readonly url: string;
  private readonly plugin: PluginSocketOwner;
  private readonly releaseHost: () => void;
  private opened: Promise<Workspace>;
  /** The schema version the client's application is at (kept in durable storage). */
  private version: number;
  private readonly appVersion: AppSchemaVersion;
  /** Resolves once the plugin's first connection is open (the plugin waits for it). */
  private replication: Promise<RxReplicationState<WorkspaceDoc, unknown>> | undefined;
  /** Local writes run one after another, in the order the user made them. */
  private writes: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly ctx: ReplicaContext,
    private readonly supportedOps: readonly OpKind[],
  ) {
    if (ctx.peers[0] !== SERVER) throw new Error(`RxDB client ${ctx.id} has no server to replicate with`);
    this.name = databaseName(ctx.storage, ctx.id);
    this.appVersion = new AppSchemaVersion(ctx.storage, ctx.schema, VERSION_KEY);
    this.version = this.appVersion.current;
    this.sockets = new ClientSockets(SERVER, (peer, bytes) => ctx.send(peer as ReplicaId, bytes));
    const host = simulatedHost(() => this.sockets.open());
    this.url = `ws://${host.host}`;
    this.plugin = {
      report: (bytes) => ctx.payloadSent(SERVER, bytes),
      log: (line) => ctx.log(`rxdb: ${line}`),
    };
    const release = ownPluginSockets(host.host, this.plugin);
    this.releaseHost = () => (release(), host.remove());
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
        // An update made while an upgrade reopens the database changes the document as it is
        // then, migrated, as the app's patch would (the view it was checked against was the old one).
        const current = op.kind === 'update' ? writeFor(op, (id) => this.view.get(id)) : write;
        const doc = typeof current === 'string' ? write.doc : current.doc;
        if (doc) await collection.upsert(doc);
        else await (await collection.findOne(write.id).exec())?.remove();
      })
      .catch((error: Error) => this.ctx.log(`write of ${write.id} failed: ${error.message}`, 'error'));
    return { status: 'applied' };
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
    return readPath(this.view, path);
  }

  snapshot(): Snapshot {
    return snapshotOf(this.view, this.ctx.schema);
  }

  storedBytes(): StoredSize {
    const { workspace, internal } = storedBytesOf(this.name);
    return { bytes: workspace + internal, encodings: { workspace, internal } };
  }

  idle(): void {}

  /**
   * A crash or the end: the connection drops first, so nothing more is sent, and the plugin's
   * socket stops reconnecting (the tab is gone); the database then closes (a crash keeps its
   * state for the next incarnation) or is removed (the end of the run).
   */
  async close(reason: CloseReason): Promise<void> {
    this.sockets.close();
    this.plugin.adopted?.close();
    this.releaseHost();
    const { db } = await this.opened;
    await this.writes;
    await this.stopReplication();
    await closeWorkspace(this.name, db, reason === 'end');
  }

  /**
   * The application moves to schema `version`: the client closes its database and reopens it at
   * the new version, and RxDB's migration plugin rewrites the stored documents on the way
   * (`migrationStrategies`); replication then starts again with the new schema.
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
      await this.stopReplication();
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
    await followWorkspace(opened.collection, this.view);
    const replication = replicateWithWebsocketServer<WorkspaceDoc, unknown>({
      collection: opened.collection,
      url: this.url,
      replicationIdentifier: `syncbench-${SERVER}`,
      live: true,
    });
    this.replication = replication;
    void replication.then((state) =>
      state.error$.subscribe((error) => this.ctx.log(`replication: ${error.message}`)),
    );
    return opened;
  }

  /**
   * Stops the replication and its socket: the plugin closes its socket when the collection
   * closes, but only once it has connected; before that the socket would keep trying.
   */
  private async stopReplication(): Promise<void> {
    const adopted = this.plugin.adopted;
    this.plugin.adopted = undefined;
    adopted?.close();
    const replication = this.replication;
    this.replication = undefined;
    if (!replication) return;
    const connected = await Promise.race([replication, Promise.resolve(undefined)]);
    await connected?.cancel();
  }
}
