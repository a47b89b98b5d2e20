/**
 * The adapter contract: what every engine implements so the harness can run it. Plain
 * interfaces, no base class. The harness owns delivery: a replica talks to other replicas only
 * through `ctx.send`, and hears from them only through `receive`.
 */
import type { RandomStream } from '../sim/prng.ts';
import type { Transport } from '../sim/network.ts';
import type { FieldValue, Fields, Op, OpKind, ReadPath, ReadValue, Snapshot } from './ops.ts';

export type { Fields, FieldValue, Op, OpKind, ReadPath, ReadValue, Snapshot } from './ops.ts';
export type { Transport } from '../sim/network.ts';

/** Identifies a replica within a run (`server`, `c1`, `p3`, …). */
export type ReplicaId = string & { readonly __brand: 'ReplicaId' };
/** Identifies an engine in the registry (`yjs`, …). */
export type EngineName = string & { readonly __brand: 'EngineName' };

/** A replica's role: a `client` or the `server` in a star, a `peer` in a mesh. */
export type ReplicaRole = 'client' | 'server' | 'peer';
/** `star`: clients around one server, as apps are deployed; `mesh`: every peer with every peer. */
export type Topology = 'star' | 'mesh';

/**
 * What the network's connections compress, the same for every engine: `none`, or `deflate`
 * (WebSocket permessage-deflate as `ws` negotiates it with its defaults, HTTP gzip). A server
 * stack enables it; the library's payload is counted before compression, framed bytes after.
 */
export type Compression = 'none' | 'deflate';
export const COMPRESSIONS: readonly Compression[] = ['none', 'deflate'];

/** What an engine can do, declared up front so scenarios it cannot run become `unsupported`. */
export interface Capabilities {
  /** Op kinds `apply` accepts; anything else is refused. */
  readonly ops: readonly OpKind[];
  /** How concurrent text edits merge: character-level CRDT, operational transform, or one value. */
  readonly text: 'crdt-text' | 'ot-text' | 'lww-value';
  /** How concurrent writes to one record merge. */
  readonly records: 'lww-field' | 'lww-document' | 'revision-tree' | 'server-wins-document';
  readonly transports: readonly Transport[];
  readonly topologies: readonly Topology[];
  /** Whether a client can sync a subset (query/subscription) of the data. */
  readonly partialSync: boolean;
  /** A hard limit on clients (or peers) per run; a scenario asking for more is `unsupported`. */
  readonly maxReplicas?: { readonly count: number; readonly reason: string };
  /** True when replica hooks return promises or schedule microtasks the harness must let settle. */
  readonly async: boolean;
  /**
   * Why the engine's library keeps process-wide state that a later run in the same process would
   * see (RxDB's clock never goes back, so a run's clock must start after an earlier run's, and
   * its timestamps' digits would depend on what ran before). Set, each of its runs in a suite gets
   * a worker process of its own, so its figures are the same for any `--jobs`; in one process
   * its clock starts after every earlier run's. Absent: every run's clock starts at the same
   * instant, and runs share worker processes.
   */
  readonly needsFreshProcess?: string;
  /**
   * What `ctx.send` carries. `messages` (the default): each send is one library payload, and
   * nothing frames it. `socket`: the replica runs a real stack over `SimSocket`s, so each send is
   * what that stack writes to its socket (WebSocket frames, HTTP heads and chunks, handshakes,
   * pings), and the replica reports each library payload with `ctx.payloadSent` as it hands it
   * to the stack.
   */
  readonly framing?: Framing;
  /** The compression settings the engine's stack can run with (absent: only `none`). */
  readonly compression?: readonly Compression[];
  /** Why the others are not, for the `unsupported` reason. */
  readonly compressionReason?: string;
}

/** What a replica's sends carry: bare library messages, or a real stack's socket bytes. */
export type Framing = 'messages' | 'socket';

/** The collections and text documents a scenario uses. */
export interface SchemaDefinition {
  readonly collections: readonly string[];
  readonly texts: readonly string[];
  /** The version every replica starts at; 1 when absent. */
  readonly version?: number;
  /** How records change from one version to the next, in order (see `upgradeSchema`). */
  readonly migrations?: readonly SchemaMigration[];
  /** The oldest version a server still syncs with; older clients are told to upgrade. */
  readonly minVersion?: number;
  /**
   * What happens to an update that meets a concurrent delete, for engines that let a scenario
   * choose (the reference engine): the delete wins (default), or the update brings the record back.
   */
  readonly deleteVsUpdate?: 'delete-wins' | 'update-wins';
}

/** A pure migration of records to `version` from the version before it. */
export interface SchemaMigration {
  readonly version: number;
  /** The fields a record of `collection` has at `version`, given its fields at `version - 1`. */
  up(collection: string, fields: Fields): Fields;
  /** The way back, where one makes sense (a lens). */
  down?(collection: string, fields: Fields): Fields;
  /**
   * The migration as declarative lenses (one, or several applied in order), which an engine can
   * also apply to partial updates.
   */
  readonly lens?: SchemaLens | readonly SchemaLens[];
}

/** Lenses between neighbouring versions (`collection` absent: every collection). */
export type SchemaLens =
  | {
      readonly kind: 'addField';
      readonly collection?: string;
      readonly field: string;
      readonly value: FieldValue;
    }
  | {
      readonly kind: 'renameField';
      readonly collection?: string;
      readonly from: string;
      readonly to: string;
    };

/**
 * A slice of the workspace that a partially syncing client keeps: the records of one collection
 * whose fields equal the given values. Only that slice of its state is compared with the server.
 */
export interface Subscription {
  readonly collection: string;
  readonly where: Readonly<Record<string, FieldValue>>;
}

/** Virtual timers; they stop when the replica crashes or closes. */
export interface Timers {
  /** Runs `fire` after `delayMs` of virtual time; returns a function that cancels it. */
  after(delayMs: number, fire: () => void): () => void;
  /** Runs `fire` every `periodMs` of virtual time; returns a function that cancels it. */
  every(periodMs: number, fire: () => void): () => void;
}

/**
 * The durable medium of a replica: it survives a crash. Engines write to it the way their real
 * persistence provider does (e.g. y-indexeddb appends every update); after a crash the harness
 * calls `createReplica` again with the same storage, and the replica restores from it.
 */
export interface DurableStorage {
  get(key: string): Uint8Array | undefined;
  set(key: string, value: Uint8Array): void;
  delete(key: string): void;
  keys(): string[];
}

/** What the harness hands a replica. */
export interface ReplicaContext {
  readonly id: ReplicaId;
  readonly role: ReplicaRole;
  /** Replicas this one has a link to (the server for a client; all clients for the server; all peers in a mesh). */
  readonly peers: readonly ReplicaId[];
  readonly topology: Topology;
  readonly transport: Transport;
  /** What the deployment's connections compress (see `Compression`); a server stack enables it. */
  readonly compression: Compression;
  readonly schema: SchemaDefinition;
  /** Set for a client that syncs only a slice (engines with `partialSync`); absent means everything. */
  readonly subscription?: Subscription;
  /** 0 for the first start, then +1 per restart after a crash. */
  readonly incarnation: number;
  /**
   * Sends bytes to a peer over the simulated transport. `connection` tells apart the TCP
   * connections a socket stack keeps open to one peer at once (an HTTP client's concurrent
   * requests): it travels beside the bytes, as a TCP port pair does, costs nothing, and the peer's
   * `receive` gets it back. Omitted, it is 0.
   */
  send(to: ReplicaId, bytes: Uint8Array, connection?: number): void;
  /**
   * For `framing: 'socket'` replicas: the library handed `bytes` of its own payload for `to` to
   * its stack (a WebSocket message's data, an HTTP body), before framing and compression. These
   * are the run's payload figures (`wire.bytes`); the sends are its framed figures.
   */
  payloadSent(to: ReplicaId, bytes: number): void;
  /** Virtual time, ms. */
  now(): number;
  /** A seeded stream private to this replica incarnation. */
  readonly random: RandomStream;
  readonly timers: Timers;
  readonly storage: DurableStorage;
  /** Logs a message; `error` messages are listed in the run result's `errors`. */
  log(message: string, level?: 'info' | 'error'): void;
}

/** Sizes of what a replica would persist; `bytes` is the engine's primary full-state encoding. */
export interface StoredSize {
  readonly bytes: number;
  /** Other encodings of the same state by name (e.g. Yjs `v1` and `v2`). */
  readonly encodings?: Readonly<Record<string, number>>;
}

/** One running instance of an engine. */
export interface Replica {
  /**
   * Applies a local operation. An op the engine refuses for its own reasons (e.g. the record is
   * gone) is `rejected` and counted; an op kind outside the capabilities throws `UnsupportedOpError`.
   */
  apply(op: Op): ApplyOutcome;
  /**
   * Optional: applies several local ops as one unit of work where the engine has one (one Yjs
   * transaction, one Automerge change), one outcome per op. Without it the harness calls `apply`
   * for each op at the same instant.
   */
  applyBatch?(ops: readonly Op[]): ApplyOutcome[];
  /** Bytes from a peer; `connection` is the number the sender gave them (0 if it gave none). */
  receive(from: ReplicaId, bytes: Uint8Array, connection?: number): void;
  connected(peer: ReplicaId): void;
  disconnected(peer: ReplicaId): void;
  /** A cheap point lookup. */
  read(path: ReadPath): ReadValue;
  /** The canonical state (see `Snapshot`). */
  snapshot(): Snapshot;
  /**
   * Optional: the schema version of the records `snapshot()` returns. Without it the harness
   * assumes the version this replica last upgraded to (or the schema's starting version); a
   * server that keeps records at the newest version says so here.
   */
  schemaVersion?(): number;
  storedBytes(): StoredSize;
  /**
   * Engine-specific counts since this incarnation started, e.g. `rollbacks` (optimistic writes
   * undone) or `conflicts` (concurrent revisions kept). Optional: engines that have no such
   * events (a CRDT never rolls back) leave it out.
   */
  counters?(): Readonly<Record<string, number>>;
  /**
   * Resolves when the replica has no internal work pending; sync engines return nothing. It must
   * not wait on the replica's timers: virtual time stands still until it resolves.
   */
  idle(): Promise<void> | void;
  /**
   * Stops the replica: cancel sync, release what it holds. On `crash` the durable medium must
   * survive for the next incarnation; at the `end` of a run everything goes, including state an
   * engine keeps process-wide (e.g. RxDB's memory storage, shared by database name).
   */
  close(reason: CloseReason): Promise<void> | void;
}

/** Why a replica is closed: it `crash`ed (only its durable storage survives), or the run `end`ed. */
export type CloseReason = 'crash' | 'end';

/** What became of a local op. */
export type ApplyOutcome =
  { readonly status: 'applied' } | { readonly status: 'rejected'; readonly reason: string };

/** An engine wrapped for the harness. */
export interface SyncAdapter {
  readonly name: EngineName;
  /** Version of the wrapped library. */
  readonly version: string;
  readonly capabilities: Capabilities;
  createReplica(ctx: ReplicaContext): Replica;
}

/** Thrown by `apply` for an op kind the engine does not declare. */
export class UnsupportedOpError extends Error {
  override readonly name = 'UnsupportedOpError';
  constructor(engine: string, kind: string, supported: readonly string[]) {
    super(`${engine} does not support op kind '${kind}' (supported: ${supported.join(', ')})`);
  }
}
