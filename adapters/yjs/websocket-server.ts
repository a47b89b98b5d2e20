/**
 * The server replica on Yjs's real deployment stack: `@y/websocket-server`'s `setupWSConnection`
 * behind Node's http server and `ws`, over simulated sockets (`yjs-server.ts`). The library keeps
 * its documents in a process-wide map by name and has one process-wide persistence; each server
 * replica gets its own document name, and the persistence hands each document to the durable
 * storage of the replica that owns it, as y-leveldb stores them (`leveldb-persistence.ts`). When
 * the last client leaves, the library writes the state and drops the document, and the next
 * connection loads it again from storage, as a deployed server does.
 */
import type { IncomingMessage } from 'node:http';
import { docs, setPersistence, setupWSConnection } from '@y/websocket-server/utils';
import type * as Y from 'yjs';
import type { DurableStorage, ReplicaContext } from '../../src/contract/contract.ts';
import type { PeerWebSocket } from '../../src/contract/ws-payload.ts';
import { LeveldbPersistence } from './leveldb-persistence.ts';
import { YjsServer } from './yjs-server.ts';

/** Each server replica's storage, by the document name it serves. */
const storageByDoc = new Map<string, DurableStorage>();
let servers = 0;

setPersistence({
  provider: null,
  bindState: (name: string, doc: Y.Doc) => {
    const storage = storageByDoc.get(name);
    if (!storage) return;
    new LeveldbPersistence(storage).bind(doc);
  },
  writeState: () => Promise.resolve(),
});

export class YWebsocketServer extends YjsServer {
  private readonly name = `syncbench-yjs-${++servers}`;

  constructor(ctx: ReplicaContext) {
    super(ctx, 'y-websocket');
    storageByDoc.set(this.name, ctx.storage);
  }

  protected accept(conn: PeerWebSocket, req: IncomingMessage): void {
    setupWSConnection(conn, req, { docName: this.name });
  }

  protected loaded(): Y.Doc | undefined {
    return docs.get(this.name);
  }

  protected restore(): Y.Doc {
    return new LeveldbPersistence(this.ctx.storage).read();
  }

  protected drop(): void {
    docs.get(this.name)?.destroy();
    docs.delete(this.name);
    storageByDoc.delete(this.name);
  }
}
