/**
 * An Automerge replica: one document synced with each connected peer by Automerge's own sync
 * protocol (a sync state per peer; `generateSyncMessage` after every local change and every
 * message received, until it has nothing to say). In a star the server keeps the document and
 * syncs it with every client, as an automerge-repo sync server does; in a mesh every peer does.
 * The protocol assumes a reliable ordered stream, so a sync state starts afresh on every connect:
 * a message lost with a dropped connection cannot leave the pair waiting on each other.
 */
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
import type { WorkspaceDocument } from './automerge-model.ts';
import {
  applyOp,
  applyOps,
  changeTime,
  rewriteRecords,
  genesis,
  readPath,
  snapshotOf,
} from './automerge-model.ts';
import { AppSchemaVersion } from '../../src/contract/app-schema-version.ts';
import { AutomergePersistence } from './automerge-persistence.ts';
import { randomHex } from '../../src/sim/prng.ts';

export class AutomergeReplica implements Replica {
  private doc: WorkspaceDocument;
  private readonly syncStates = new Map<ReplicaId, A.SyncState>();
  private readonly persistence: AutomergePersistence;
  private readonly appVersion: AppSchemaVersion;

  constructor(
    private readonly ctx: ReplicaContext,
    private readonly supportedOps: readonly string[],
  ) {
    // A fresh actor per incarnation, from the seed: a restarted replica must not reuse its actor.
    const actor = randomHex(ctx.random, 16);
    this.persistence = new AutomergePersistence(ctx.storage);
    this.appVersion = new AppSchemaVersion(ctx.storage, ctx.schema);
    if (this.persistence.empty) {
      this.doc = A.load(genesis(ctx.schema), { actor });
      this.persistence.snapshot(this.doc);
    } else {
      this.doc = this.persistence.load(actor);
    }
  }

  apply(op: Op): ApplyOutcome {
    if (op.kind === 'upgradeSchema') return this.upgrade(op.version);
    const { doc, outcome } = applyOp(this.doc, op, changeTime(this.ctx.now()), this.supportedOps);
    if (doc !== this.doc) this.changed(doc);
    return outcome;
  }

  applyBatch(ops: readonly Op[]): ApplyOutcome[] {
    if (ops.some((op) => op.kind === 'upgradeSchema')) return ops.map((op) => this.apply(op));
    const { doc, outcomes } = applyOps(this.doc, ops, changeTime(this.ctx.now()), this.supportedOps);
    if (doc !== this.doc) this.changed(doc);
    return outcomes;
  }

  /** The application moves to a newer schema: this client rewrites every record it holds. */
  private upgrade(version: number): ApplyOutcome {
    const refusal = this.appVersion.refusal(version);
    if (refusal) return { status: 'rejected', reason: refusal };
    const time = changeTime(this.ctx.now());
    const doc = rewriteRecords(this.doc, this.ctx.schema, time, this.appVersion.moveTo(version));
    if (doc !== this.doc) this.changed(doc);
    return { status: 'applied' };
  }

  receive(from: ReplicaId, bytes: Uint8Array): void {
    const state = this.syncStates.get(from);
    if (!state) return; // a message from a connection that is already gone
    const before = A.getHeads(this.doc);
    const [doc, next] = A.receiveSyncMessage(this.doc, state, bytes);
    this.syncStates.set(from, next);
    if (sameHeads(before, A.getHeads(doc))) {
      this.doc = doc;
      this.syncWith(from);
    } else {
      this.changed(doc);
    }
  }

  connected(peer: ReplicaId): void {
    this.syncStates.set(peer, A.initSyncState());
    this.syncWith(peer);
  }

  disconnected(peer: ReplicaId): void {
    this.syncStates.delete(peer);
  }

  read(path: ReadPath): ReadValue {
    return readPath(this.doc, path);
  }

  snapshot(): Snapshot {
    return snapshotOf(this.doc, this.ctx.schema);
  }

  storedBytes(): StoredSize {
    return { bytes: A.save(this.doc).byteLength };
  }

  idle(): void {}

  close(): void {
    this.syncStates.clear();
  }

  /** Persists the new document and offers it to every connected peer. */
  private changed(doc: WorkspaceDocument): void {
    this.doc = doc;
    this.persistence.append(doc);
    for (const peer of this.syncStates.keys()) this.syncWith(peer);
  }

  /** Sends the peer the next sync message, if the protocol has one. */
  private syncWith(peer: ReplicaId): void {
    const state = this.syncStates.get(peer);
    if (!state) return;
    const [next, message] = A.generateSyncMessage(this.doc, state);
    this.syncStates.set(peer, next);
    if (message) this.ctx.send(peer, message);
  }
}

function sameHeads(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((h, i) => h === b[i]);
}
