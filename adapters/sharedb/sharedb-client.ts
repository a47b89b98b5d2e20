/**
 * A client replica on ShareDB's client: a `Connection` over `reconnecting-websocket` (the socket
 * ShareDB's own examples and docs reconnect with; ShareDB does not reconnect by itself), with
 * `ws` as its WebSocket over simulated sockets. The client subscribes to every collection with
 * a subscribe query (its results, and every op on them, arrive as they change) and to every
 * text document. Its edits apply locally at once and wait in the document's pending ops while
 * the socket is down; on reconnect ShareDB re-sends them, and the server transforms them. ShareDB
 * keeps those pending ops only in memory: a client that crashes loses what it had not sent, and
 * starts from nothing (it has no local storage; a restarted client fetches everything again).
 * The back-off is reconnecting-websocket's: its minimum delay drawn once per client when the
 * client loads the module (from the run's seeded stream), growing 1.3× per attempt to 10 s.
 */
import { Connection } from 'sharedb/lib/client/index.js';
import type { Query } from 'sharedb/lib/client/index.js';
import type rws from 'reconnecting-websocket';
import { commonJsModule } from '../../src/contract/commonjs-module.ts';
import type {
  ApplyOutcome,
  Op,
  ReadPath,
  ReadValue,
  ReplicaContext,
  Snapshot,
  StoredSize,
} from '../../src/contract/contract.ts';
import { AppSchemaVersion } from '../../src/contract/app-schema-version.ts';
import { DEPLOYED_HOST } from '../../src/contract/sim-socket.ts';
import { SERVER, SocketClientReplica } from '../../src/contract/socket-replicas.ts';
import { clientWebSocket } from '../../src/contract/ws-payload.ts';
import {
  applyOp,
  JSON0,
  readPath,
  snapshotOf,
  storedSizeOf,
  TEXTS,
  upgradeRecords,
} from './sharedb-model.ts';
import type { TextData } from './sharedb-model.ts';
import { HeldDocs } from './held-docs.ts';

/**
 * reconnecting-websocket draws its minimum reconnect delay (1–5 s, `Math.random`) once, when
 * its module loads: once per page in a browser. Each client loads its own copy
 * (`commonjs-module.ts`), inside the run, so each draws its own from the run's seeded stream.
 * The package's CommonJS export is the class itself; its declarations call it `default`.
 */
const reconnectingWebSocket = commonJsModule('reconnecting-websocket');
type ReconnectingWebSocket = InstanceType<typeof rws.default>;

export class ShareDbClient extends SocketClientReplica {
  private readonly appVersion: AppSchemaVersion;
  private readonly socket: ReconnectingWebSocket;
  private readonly connection: Connection;
  private readonly docs: HeldDocs;
  private readonly queries: Query[] = [];

  constructor(
    ctx: ReplicaContext,
    private readonly supportedOps: readonly string[],
  ) {
    super(ctx);
    this.appVersion = new AppSchemaVersion(ctx.storage, ctx.schema);
    const ReconnectingWebSocket = reconnectingWebSocket({}) as unknown as typeof rws.default;
    this.socket = new ReconnectingWebSocket(`ws://${DEPLOYED_HOST}`, [], {
      WebSocket: clientWebSocket(ctx, SERVER, () => this.sockets.open(), true),
    });
    this.connection = new Connection(this.socket as unknown as ConstructorParameters<typeof Connection>[0]);
    this.connection.on('error', (error) => ctx.log(`sharedb: ${error.message}`));
    this.docs = new HeldDocs(this.connection);
    for (const collection of ctx.schema.collections) {
      const query = this.connection.createSubscribeQuery(collection, {});
      this.docs.watch(collection, query);
      query.on('error', (error) => ctx.log(`sharedb query ${collection}: ${error.message}`, 'error'));
      this.queries.push(query);
    }
    for (const name of ctx.schema.texts) {
      const doc = this.connection.get(TEXTS, name);
      // The text as the server creates it (`sharedb-server.ts`), known to every client from the
      // start as an app ships its initial content, so an edit made before the first fetch
      // answers builds on version 1 and the server transforms it like any other.
      doc.ingestSnapshot({ v: 1, type: JSON0, data: { t: '' } satisfies TextData }, (error) => {
        if (error) ctx.log(`sharedb text ${name}: ${error.message}`, 'error');
      });
      doc.subscribe((error) => {
        if (error) ctx.log(`sharedb subscribe ${name}: ${error.message}`, 'error');
      });
    }
  }

  apply(op: Op): ApplyOutcome {
    if (op.kind === 'upgradeSchema')
      return upgradeRecords(
        this.connection,
        this.docs,
        this.ctx.schema,
        this.appVersion,
        op.version,
        this.answer,
      );
    return applyOp(this.connection, op, this.supportedOps, this.answer, (c, id) => this.docs.created(c, id));
  }

  read(path: ReadPath): ReadValue {
    return readPath(this.docs, path);
  }

  snapshot(): Snapshot {
    return snapshotOf(this.docs, this.ctx.schema);
  }

  storedBytes(): StoredSize {
    return storedSizeOf(this.docs, this.ctx.schema);
  }

  protected stop(): void {
    for (const query of this.queries) query.destroy();
    this.socket.close();
    this.connection.close();
  }

  /** The server's verdict on a submit: a refusal (a record deleted meanwhile, say) is logged. */
  private readonly answer = (error?: { message: string }): void => {
    if (error) this.ctx.log(`sharedb refused a submit: ${error.message}`, 'error');
  };
}
