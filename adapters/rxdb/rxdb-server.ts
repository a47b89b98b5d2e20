/**
 * The replication server an RxDB client talks to, implementing RxDB's documented replication
 * protocol over its own durable store (as a backend behind RxDB's websocket or HTTP replication
 * does): every accepted write gets the next position in a change log; `masterChangesSince` pages
 * through that log from a checkpoint; `masterWrite` accepts a row only when the client's assumed
 * master state equals the current one and otherwise returns the current state as a conflict; and
 * every accepted batch is pushed to the clients subscribed to the change stream.
 */
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
import { canonicalJson } from '../../src/contract/canonical.ts';
import type { Checkpoint, PullBatch, PushRow, ReplicatedDoc, Request } from './protocol.ts';
import { decodeMessage, encodeMessage } from './protocol.ts';
import type { WorkspaceDoc } from './rxdb-model.ts';
import { COLLECTION_NAME, readPath, snapshotOf } from './rxdb-model.ts';

interface Stored {
  readonly doc: ReplicatedDoc;
  readonly seq: number;
}

const DOC_PREFIX = 'rxdb-server/doc/';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class RxdbServer implements Replica {
  private readonly docs = new Map<string, Stored>();
  /** Document ids by change-log position. */
  private readonly log = new Map<number, string>();
  private seq = 0;
  private readonly subscribers = new Set<ReplicaId>();
  private readonly connectedClients = new Set<ReplicaId>();
  private conflicts = 0;

  constructor(private readonly ctx: ReplicaContext) {
    for (const key of ctx.storage.keys()) {
      if (!key.startsWith(DOC_PREFIX)) continue;
      const bytes = ctx.storage.get(key);
      if (!bytes) continue;
      const stored = JSON.parse(decoder.decode(bytes)) as Stored;
      this.docs.set(stored.doc.id, stored);
      this.log.set(stored.seq, stored.doc.id);
      this.seq = Math.max(this.seq, stored.seq);
    }
  }

  apply(_op: Op): ApplyOutcome {
    return { status: 'rejected', reason: 'the RxDB replication server has no local database to edit' };
  }

  receive(from: ReplicaId, bytes: Uint8Array): void {
    const request = decodeMessage<Request>(bytes);
    const reply = (result: PullBatch | readonly ReplicatedDoc[] | null): void =>
      this.ctx.send(from, encodeMessage({ id: request.id, collection: request.collection, result }));
    switch (request.method) {
      case 'masterChangesSince':
        return reply(this.changesSince(...request.params));
      case 'masterWrite':
        return reply(this.write(request.params[0]));
      case 'masterChangeStream$':
        this.subscribers.add(from);
        return reply(null);
    }
  }

  connected(peer: ReplicaId): void {
    this.connectedClients.add(peer);
  }

  disconnected(peer: ReplicaId): void {
    this.connectedClients.delete(peer);
    this.subscribers.delete(peer);
  }

  read(path: ReadPath): ReadValue {
    return readPath(this.liveDocs(), path);
  }

  snapshot(): Snapshot {
    return snapshotOf(this.liveDocs(), this.ctx.schema);
  }

  /** Every stored document, deleted ones included, as the server's store keeps it. */
  storedBytes(): StoredSize {
    let bytes = 0;
    for (const stored of this.docs.values()) bytes += encoder.encode(JSON.stringify(stored)).byteLength;
    return { bytes };
  }

  counters(): Record<string, number> {
    return { pushConflicts: this.conflicts };
  }

  idle(): void {}

  close(): void {
    this.subscribers.clear();
  }

  private liveDocs(): Map<string, WorkspaceDoc> {
    const live = new Map<string, WorkspaceDoc>();
    for (const [id, { doc }] of this.docs) if (!doc._deleted) live.set(id, doc);
    return live;
  }

  private changesSince(checkpoint: Checkpoint | undefined, batchSize: number): PullBatch {
    const documents: ReplicatedDoc[] = [];
    let last = checkpoint?.seq ?? 0;
    for (let seq = last + 1; seq <= this.seq && documents.length < batchSize; seq++) {
      const id = this.log.get(seq);
      const stored = id === undefined ? undefined : this.docs.get(id);
      if (!stored || stored.seq !== seq) continue; // superseded by a later write
      documents.push(stored.doc);
      last = seq;
    }
    return { documents, checkpoint: { seq: last } };
  }

  /** Applies the rows whose assumed master state is current; returns the master state of the others. */
  private write(rows: readonly PushRow[]): ReplicatedDoc[] {
    const conflicts: ReplicatedDoc[] = [];
    const accepted: ReplicatedDoc[] = [];
    for (const row of rows) {
      const id = row.newDocumentState.id;
      const master = this.docs.get(id)?.doc;
      const assumed = row.assumedMasterState;
      const current =
        master === undefined || (assumed !== undefined && canonicalJson(assumed) === canonicalJson(master));
      if (!current) {
        conflicts.push(master);
        this.conflicts++;
        continue;
      }
      const stored = { doc: row.newDocumentState, seq: ++this.seq };
      const previous = this.docs.get(id);
      if (previous) this.log.delete(previous.seq);
      this.docs.set(id, stored);
      this.log.set(stored.seq, id);
      this.ctx.storage.set(`${DOC_PREFIX}${id}`, encoder.encode(JSON.stringify(stored)));
      accepted.push(stored.doc);
    }
    if (accepted.length > 0) this.broadcast({ documents: accepted, checkpoint: { seq: this.seq } });
    return conflicts;
  }

  private broadcast(batch: PullBatch): void {
    const event = encodeMessage({ id: 'stream', collection: COLLECTION_NAME, result: batch });
    for (const client of this.subscribers)
      if (this.connectedClients.has(client)) this.ctx.send(client, event);
  }
}
