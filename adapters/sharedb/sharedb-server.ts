/**
 * The server replica on ShareDB's `Backend`, as its docs deploy it: each WebSocket (Node's http
 * and `ws` over simulated sockets) wrapped in `@teamwork/websocket-json-stream` and handed to
 * `backend.listen`, the in-process pub/sub, and a database that commits every op and snapshot to
 * the replica's durable storage (`durable-memory-db.ts`). At start the server creates each text
 * document that does not exist yet (an empty json0 `{ t: '' }`), as an app's server sets up the
 * documents its clients open; two clients creating it at once would conflict, and one would lose
 * its edits.
 */
import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import type { Duplex } from 'node:stream';
import ShareDB from 'sharedb';
import type {
  ReadPath,
  ReadValue,
  ReplicaContext,
  Snapshot,
  StoredSize,
} from '../../src/contract/contract.ts';
import { SocketServerReplica } from '../../src/contract/socket-replicas.ts';
import type { PeerWebSocket } from '../../src/contract/ws-payload.ts';
import { durableMemoryDb } from './durable-memory-db.ts';
import { JSON0, readPath, snapshotOf, TEXTS } from './sharedb-model.ts';
import type { DocSource, TextData } from './sharedb-model.ts';

/** ShareDB's WebSocket stream (it ships no declarations): a JSON object stream over a `ws` socket. */
const WebSocketJSONStream = createRequire(import.meta.url)('@teamwork/websocket-json-stream') as new (
  ws: unknown,
) => Duplex;

export class ShareDbServer extends SocketServerReplica {
  private readonly backend: ShareDB;
  private readonly docs: DocSource;

  constructor(ctx: ReplicaContext) {
    super(ctx, 'ShareDB', (conn, req) => this.accept(conn, req));
    const db = durableMemoryDb(ctx.storage);
    this.backend = new ShareDB({ db });
    this.backend.on('error', (error: Error) => ctx.log(`sharedb server: ${error.message}`));
    const held = (db as unknown as { docs: Record<string, Record<string, { data: unknown }>> }).docs;
    this.docs = {
      data: (collection, id) => held[collection]?.[id]?.data,
      ids: (collection) => Object.keys(held[collection] ?? {}).sort(),
    };
    const local = this.backend.connect();
    for (const name of ctx.schema.texts) {
      const doc = local.get(TEXTS, name);
      doc.fetch((error) => {
        if (error) return ctx.log(`sharedb server: ${error.message}`, 'error');
        if (!doc.type)
          doc.create({ t: '' } satisfies TextData, JSON0, (failed) => {
            if (failed) ctx.log(`sharedb server: creating text ${name}: ${failed.message}`, 'error');
          });
      });
    }
  }

  read(path: ReadPath): ReadValue {
    return readPath(this.docs, path);
  }

  snapshot(): Snapshot {
    return snapshotOf(this.docs, this.ctx.schema);
  }

  /** What the database holds in storage: every op and every current snapshot, as JSON. */
  storedBytes(): StoredSize {
    let bytes = 0;
    for (const key of this.ctx.storage.keys())
      if (key.startsWith('sharedb/')) bytes += this.ctx.storage.get(key)?.byteLength ?? 0;
    return { bytes };
  }

  /** The backend goes with the process's memory. */
  protected stop(): void {
    this.backend.close();
  }

  private accept(conn: PeerWebSocket, req: IncomingMessage): void {
    const stream = new WebSocketJSONStream(conn);
    // As the stream's README asks of a server: a reply written after the socket started closing
    // is an 'error' event (ERR_CLOSED), which would otherwise end the process.
    stream.on('error', (error: Error) => this.ctx.log(`sharedb server stream: ${error.message}`));
    this.backend.listen(stream, req);
  }
}
