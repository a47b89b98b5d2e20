/**
 * The server replica on Hocuspocus (Tiptap's Yjs server): a `Hocuspocus` instance with its
 * Database extension, handed each WebSocket the way `Server` does, behind Node's http server and
 * `ws` over simulated sockets (`yjs-server.ts`). The extension persists as its users wire it:
 * `fetch` loads the document's stored state, `store` writes the whole state after Hocuspocus's
 * debounce (2 s, at most 10 s), into the replica's durable storage, so a crash loses what the
 * debounce still held.
 * With no client connected Hocuspocus stores and unloads the document, as deployed.
 */
import type { IncomingMessage } from 'node:http';
import { Hocuspocus } from '@hocuspocus/server';
import { Database } from '@hocuspocus/extension-database';
import * as Y from 'yjs';
import type { ReplicaContext } from '../../src/contract/contract.ts';
import type { PeerWebSocket } from '../../src/contract/ws-payload.ts';
import { YjsServer } from './yjs-server.ts';

/** The document every client opens (`HocuspocusProvider`'s `name`). */
export const DOCUMENT = 'syncbench';
/** Where the Database extension's `store` puts the document's state. */
const STATE_KEY = 'hocuspocus/state';

export class HocuspocusServer extends YjsServer {
  private readonly hocuspocus: Hocuspocus;
  /** Set by a crash: a dead process's debounce timer stores nothing. */
  private dead = false;

  constructor(ctx: ReplicaContext) {
    super(ctx, 'Hocuspocus');
    const storage = ctx.storage;
    this.hocuspocus = new Hocuspocus({
      quiet: true,
      extensions: [
        new Database({
          fetch: () => Promise.resolve(storage.get(STATE_KEY) ?? null),
          store: ({ state }) => {
            if (!this.dead) storage.set(STATE_KEY, new Uint8Array(state));
            return Promise.resolve();
          },
        }),
      ],
    });
  }

  protected accept(conn: PeerWebSocket, req: IncomingMessage): void {
    this.hocuspocus.handleConnection(conn, req);
  }

  protected loaded(): Y.Doc | undefined {
    return this.hocuspocus.documents.get(DOCUMENT);
  }

  protected restore(): Y.Doc {
    const doc = new Y.Doc();
    const state = this.ctx.storage.get(STATE_KEY);
    if (state) Y.applyUpdate(doc, state);
    return doc;
  }

  protected drop(): void {
    this.dead = true;
    for (const document of this.hocuspocus.documents.values()) document.destroy();
    this.hocuspocus.documents.clear();
  }
}
