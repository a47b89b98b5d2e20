/**
 * The server replica on Hocuspocus (Tiptap's Yjs server): a `Hocuspocus` instance with its
 * Database extension, handed each WebSocket the way `Server` does, behind Node's http server and
 * `ws` over simulated sockets. The extension persists as its users wire it: `fetch` loads the
 * document's stored state, `store` writes the whole state after Hocuspocus's debounce (2 s, at
 * most 10 s), into the replica's durable storage, so a crash loses what the debounce still held.
 * With no client connected Hocuspocus stores and unloads the document, as deployed.
 */
import { Hocuspocus } from '@hocuspocus/server';
import { Database } from '@hocuspocus/extension-database';
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
import { SimWebSocketServer } from '../../src/contract/sim-websocket-server.ts';
import { readPath, snapshotOf, storedSizeOf } from './yjs-model.ts';

/** The document every client opens (`HocuspocusProvider`'s `name`). */
export const DOCUMENT = 'syncbench';
/** Where the Database extension's `store` puts the document's state. */
const STATE_KEY = 'hocuspocus/state';

export class HocuspocusServer implements Replica {
  private readonly hocuspocus: Hocuspocus;
  private readonly endpoint: SimWebSocketServer;
  private stored: Y.Doc | undefined;
  /** Set by a crash: a dead process's debounce timer stores nothing. */
  private dead = false;

  constructor(private readonly ctx: ReplicaContext) {
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
    this.endpoint = new SimWebSocketServer(ctx, (conn, req) => this.hocuspocus.handleConnection(conn, req));
  }

  apply(op: Op): ApplyOutcome {
    throw new Error(`the Hocuspocus server makes no local edits (got ${op.kind})`);
  }

  receive(from: ReplicaId, bytes: Uint8Array): void {
    this.endpoint.receive(from, bytes);
  }

  connected(): void {}

  disconnected(peer: ReplicaId): void {
    this.endpoint.disconnected(peer);
  }

  read(path: ReadPath): ReadValue {
    return readPath(this.doc(), path);
  }

  snapshot(): Snapshot {
    return snapshotOf(this.doc(), this.ctx.schema);
  }

  storedBytes(): StoredSize {
    return storedSizeOf(this.doc());
  }

  idle(): void {}

  /** A crash or the end: connections drop and the loaded document goes with the process's memory. */
  close(): void {
    this.dead = true;
    this.endpoint.close();
    for (const document of this.hocuspocus.documents.values()) document.destroy();
    this.hocuspocus.documents.clear();
    this.stored?.destroy();
  }

  /** The loaded document, or (with none loaded) what storage holds, restored once per stored state. */
  private doc(): Y.Doc {
    const live = this.hocuspocus.documents.get(DOCUMENT);
    if (live) {
      this.stored?.destroy();
      this.stored = undefined;
      return live;
    }
    if (!this.stored) {
      this.stored = new Y.Doc();
      const state = this.ctx.storage.get(STATE_KEY);
      if (state) Y.applyUpdate(this.stored, state);
    }
    return this.stored;
  }
}
