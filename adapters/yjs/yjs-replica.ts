/**
 * A Yjs replica: a Y.Doc speaking the y-websocket sync protocol with its peers. Clients send
 * their local updates to the server, which relays every update to all other connected clients
 * (as a y-websocket server does); mesh peers send updates to every connected peer and forward
 * what they receive to the others (as y-webrtc does), so updates route around a partial cut.
 * Over datagrams, a periodic step 1 (y-websocket's `resyncInterval`) repairs lost updates.
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
import { handleMessage, syncStep1, updateMessage } from './sync-messages.ts';
import { AppSchemaVersion } from '../../src/contract/app-schema-version.ts';
import { applyOp, readPath, snapshotOf, storedSizeOf, upgradeDoc } from './yjs-model.ts';
import { YjsPersistence } from './yjs-persistence.ts';

/** Virtual ms between resync step-1 messages on datagram transports. */
export const RESYNC_INTERVAL_MS = 2000;

export class YjsReplica implements Replica {
  private readonly doc = new Y.Doc();
  private readonly connectedPeers = new Set<ReplicaId>();
  private readonly persistence: YjsPersistence;
  private readonly appVersion: AppSchemaVersion;

  constructor(
    private readonly ctx: ReplicaContext,
    private readonly supportedOps: readonly string[],
  ) {
    // Client ids come from the seed; a restarted replica takes a fresh one, as Yjs requires.
    this.doc.clientID = ctx.random.int(1, 0xffffffff);
    this.persistence = new YjsPersistence(ctx.storage, this.doc);
    this.appVersion = new AppSchemaVersion(ctx.storage, ctx.schema);
    this.persistence.restore();
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      this.persistence.store(update, origin);
      this.broadcast(update, origin);
    });
    if (ctx.transport === 'datagram') {
      ctx.timers.every(RESYNC_INTERVAL_MS, () => {
        for (const peer of this.connectedPeers) ctx.send(peer, syncStep1(this.doc));
      });
    }
  }

  apply(op: Op): ApplyOutcome {
    if (op.kind === 'upgradeSchema') return this.upgrade(op.version);
    return applyOp(this.doc, op, this.supportedOps);
  }

  /** The application moves to a newer schema: this client rewrites every record it holds. */
  private upgrade(version: number): ApplyOutcome {
    return upgradeDoc(this.doc, this.ctx.schema, this.appVersion, version);
  }

  applyBatch(ops: readonly Op[]): ApplyOutcome[] {
    if (ops.some((op) => op.kind === 'upgradeSchema')) return ops.map((op) => this.apply(op));
    let outcomes: ApplyOutcome[] = [];
    this.doc.transact(() => (outcomes = ops.map((op) => applyOp(this.doc, op, this.supportedOps))));
    return outcomes;
  }

  receive(from: ReplicaId, bytes: Uint8Array): void {
    const reply = handleMessage(this.doc, bytes, from);
    if (reply) this.ctx.send(from, reply);
  }

  connected(peer: ReplicaId): void {
    this.connectedPeers.add(peer);
    this.ctx.send(peer, syncStep1(this.doc));
  }

  disconnected(peer: ReplicaId): void {
    this.connectedPeers.delete(peer);
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

  close(): void {
    this.doc.destroy();
  }

  /**
   * Sends an update on. A client uploads only its own edits. The server sends every update to
   * every connected client, the one it came from included, as y-websocket's server does (its
   * `updateHandler` writes to all of a document's connections; the fidelity test compares).
   * Mesh peers forward to everyone but the peer it came from, as y-webrtc does.
   */
  private broadcast(update: Uint8Array, origin: unknown): void {
    if (this.connectedPeers.size === 0) return;
    if (this.ctx.role === 'client' && origin !== null) return;
    const message = updateMessage(update);
    const echo = this.ctx.role === 'server';
    for (const peer of this.connectedPeers) if (echo || peer !== origin) this.ctx.send(peer, message);
  }
}
