/**
 * The server replica on `loro-websocket`'s `SimpleServer` (Loro's own sync server, on the
 * `loro-protocol` wire), persisting as its users wire it: `onLoadDocument` reads the room's
 * stored snapshot, `onSaveDocument` writes it, every dirty room once per save interval (60 s,
 * the default), into the replica's durable storage, so a crash loses what the last interval
 * had not saved. The server makes its own `ws` WebSocketServer on a port; here its copy of the
 * library's CommonJS build gets a `ws` whose WebSocketServer is the replica's endpoint over
 * simulated sockets (Node's http and `ws` as deployed), and every connection the endpoint
 * accepts is handed to the server's own `connection` handler. The server keeps each room as
 * snapshot bytes, importing and re-exporting the whole document on every update, as deployed.
 */
import * as ws from 'ws';
import type { LoroDoc } from 'loro-crdt';
import type { SimpleServer } from 'loro-websocket/server';
import type {
  ReadPath,
  ReadValue,
  ReplicaContext,
  Snapshot,
  StoredSize,
} from '../../src/contract/contract.ts';
import { SocketServerReplica } from '../../src/contract/socket-replicas.ts';
import { commonJsModule } from '../../src/contract/commonjs-module.ts';
import { docFrom, readPath, snapshotOf, storedSizeOf } from './loro-model.ts';
import { ROOM } from './loro-client.ts';

const loroWebsocketServer = commonJsModule('loro-websocket/server');

/** The room's key in the server's map and in storage (`roomId:crdtType`; Loro's CRDT type is `%LOR`). */
const ROOM_KEY = `${ROOM}:%LOR`;
const storageKey = (roomId: string, crdtType: string): string => `loro/room/${roomId}:${crdtType}`;

/** What the replica reads of the server: its rooms, by `roomId:crdtType`. */
interface ServerRooms {
  readonly rooms: Map<string, { readonly data: Uint8Array }>;
  readonly saveTimer?: ReturnType<typeof setInterval>;
}

export class LoroServer extends SocketServerReplica {
  private readonly server: SimpleServer;
  /** The document last read, and the bytes it was read from. */
  private read_: { readonly data: Uint8Array | undefined; readonly doc: LoroDoc } | undefined;

  constructor(ctx: ReplicaContext) {
    super(ctx, 'Loro');
    const endpoint = this.endpoint;
    // The library's `new WebSocketServer({ port })` gets the endpoint's.
    function WebSocketServer(): ws.WebSocketServer {
      return endpoint.wss;
    }
    const library = loroWebsocketServer({
      requires: { ws: { ...ws, WebSocketServer } },
    }) as { SimpleServer: typeof SimpleServer };
    const storage = ctx.storage;
    this.server = new library.SimpleServer({
      port: 0,
      onLoadDocument: (roomId, crdtType) =>
        Promise.resolve(storage.get(storageKey(roomId, crdtType)) ?? null),
      onSaveDocument: (roomId, crdtType, data) => {
        if (!this.dead) storage.set(storageKey(roomId, crdtType), data);
        return Promise.resolve();
      },
    });
    void this.server.start();
    endpoint.wss.emit('listening');
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

  /** The rooms and the save timer go with the process. */
  protected stop(): void {
    clearInterval((this.server as unknown as ServerRooms).saveTimer);
    this.read_?.doc.free();
  }

  /** The room's document: what the server holds, or with the room not loaded yet what storage holds. */
  private doc(): LoroDoc {
    const room = (this.server as unknown as ServerRooms).rooms.get(ROOM_KEY);
    const data = room ? room.data : this.ctx.storage.get(storageKey(ROOM, '%LOR'));
    if (this.read_ === undefined || this.read_.data !== data) {
      this.read_?.doc.free();
      this.read_ = { data, doc: docFrom(data) };
    }
    return this.read_.doc;
  }
}
