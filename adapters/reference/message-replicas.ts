/**
 * The reference engine behind the public adapter contract, with no special access, one protocol
 * message per `ctx.send`: a client replica wraps `EngineClient`, the server replica wraps
 * `EngineServer`; both speak only the MessagePack protocol. The engine's deployment
 * (`reference-replica.ts`) carries these messages over WebSockets; the engine's own tests drive
 * them message by message.
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
import { EngineClient } from '../../src/engine/engine-client.ts';
import type { ServerOptions } from '../../src/engine/engine-server.ts';
import { EngineServer } from '../../src/engine/engine-server.ts';
import { fieldValues, recordKey } from '../../src/engine/server-state.ts';
import { storageBytes } from '../../src/engine/storage-bytes.ts';
import type { ClientMessage, ServerMessage } from '../../src/engine/protocol.ts';
import { decodeMessage, encodeMessage } from '../../src/engine/wire.ts';
import { latestSchemaVersion } from '../../src/contract/schema-lens.ts';
import { snapshotFromDocuments } from '../../src/contract/whole-documents.ts';

export class MessageClient implements Replica {
  private readonly engine: EngineClient;
  private readonly server: ReplicaId;

  constructor(private readonly ctx: ReplicaContext) {
    const server = ctx.peers[0];
    if (!server) throw new Error(`reference client ${ctx.id} has no server`);
    this.server = server;
    this.engine = new EngineClient(
      ctx.id,
      ctx.subscription,
      ctx.schema,
      ctx.storage,
      () => ctx.now(),
      (m) => ctx.send(server, encodeMessage(m)),
    );
  }

  apply(op: Op): ApplyOutcome {
    return this.engine.apply(op);
  }

  receive(_from: ReplicaId, bytes: Uint8Array): void {
    this.engine.receive(decodeMessage<ServerMessage>(bytes));
  }

  connected(peer: ReplicaId): void {
    if (peer === this.server) this.engine.connected();
  }

  disconnected(peer: ReplicaId): void {
    if (peer === this.server) this.engine.disconnected();
  }

  read(path: ReadPath): ReadValue {
    return this.engine.read(path);
  }

  snapshot(): Snapshot {
    return this.engine.snapshot(this.ctx.schema);
  }

  storedBytes(): StoredSize {
    return { bytes: this.engine.storedBytes() };
  }

  counters(): Record<string, number> {
    return { rollbacks: this.engine.rollbacks, upgradeRequired: this.engine.upgradeRequired };
  }

  idle(): void {}

  close(): void {}
}

export class MessageServer implements Replica {
  private readonly engine: EngineServer;
  /** Clients that said hello on their current connection. */
  private readonly live = new Set<ReplicaId>();

  constructor(
    private readonly ctx: ReplicaContext,
    options: ServerOptions = {},
  ) {
    this.engine = new EngineServer(ctx.storage, ctx.schema, options);
  }

  apply(_op: Op): ApplyOutcome {
    return { status: 'rejected', reason: 'the reference server takes changes from clients only' };
  }

  receive(from: ReplicaId, bytes: Uint8Array): void {
    const message = decodeMessage<ClientMessage>(bytes);
    if (message.t === 'hello') {
      const { accepted, messages } = this.engine.welcome(from, message);
      if (accepted) this.live.add(from);
      else this.live.delete(from);
      for (const reply of messages) this.ctx.send(from, encodeMessage(reply));
      return;
    }
    if (!this.live.has(from)) return; // a push from before the client's hello on this connection
    const { toOthers, toAuthor, alsoToAuthor } = this.engine.push(from, message.n, message.m);
    this.ctx.send(from, encodeMessage(toAuthor));
    if (alsoToAuthor) this.ctx.send(from, encodeMessage(alsoToAuthor));
    for (const [client, change] of toOthers)
      if (this.live.has(client as ReplicaId)) this.ctx.send(client as ReplicaId, encodeMessage(change));
  }

  connected(_peer: ReplicaId): void {}

  disconnected(peer: ReplicaId): void {
    this.live.delete(peer);
    this.engine.leave(peer);
  }

  read(path: ReadPath): ReadValue {
    const { records, texts } = this.engine.state;
    if (path.kind === 'text') return texts.get(path.doc)?.text.toString() ?? '';
    const record = records.get(recordKey(path.collection, path.id));
    if (!record || record.del !== undefined) return undefined;
    return fieldValues(record);
  }

  /** The server keeps every record at the newest schema version and translates for older clients. */
  schemaVersion(): number {
    return latestSchemaVersion(this.ctx.schema);
  }

  snapshot(): Snapshot {
    const { records, texts } = this.engine.state;
    const entries = [
      ...[...records.values()]
        .filter((r) => r.del === undefined)
        .map((r) => ({
          kind: 'record' as const,
          collection: r.c,
          id: r.id,
          fields: fieldValues(r),
        })),
      ...[...texts].map(([name, t]) => ({ kind: 'text' as const, name, text: t.text.toString() })),
    ];
    return snapshotFromDocuments(this.ctx.schema, entries);
  }

  storedBytes(): StoredSize {
    return { bytes: storageBytes(this.ctx.storage) };
  }

  idle(): void {}

  close(): void {
    this.live.clear();
  }
}
