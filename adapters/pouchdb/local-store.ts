/**
 * One replica's PouchDB database with a synchronous view of it. PouchDB's API is asynchronous,
 * but the harness reads replicas synchronously, so the store follows the database's own changes
 * feed into a map of winning revisions (current once the harness has drained the event loop),
 * and measures what a full dump would carry: every document with its revision history and
 * conflicting leaves.
 */
import type {
  ApplyOutcome,
  CloseReason,
  DurableStorage,
  Op,
  OpKind,
  ReadPath,
  ReadValue,
  SchemaDefinition,
  Snapshot,
} from '../../src/contract/contract.ts';
import { UnsupportedOpError } from '../../src/contract/contract.ts';
import { durableDown } from './durable-down.ts';
import type { LevelDownFactory } from './durable-down.ts';
import type { ChangeEvent, EventSource, PouchDatabase, PouchDoc } from './pouch.ts';
import { PouchDB } from './pouch.ts';
import { readPath, snapshotOf, writeFor } from './pouchdb-model.ts';

const ENGINE = 'pouchdb';

/** The op kinds a PouchDB replica applies. */
export const POUCHDB_OPS: readonly OpKind[] = ['create', 'update', 'delete', 'textInsert', 'textDelete'];

/** Databases opened in this process: each incarnation gets its own name in PouchDB's registry. */
let opened = 0;

export class LocalStore {
  readonly db: PouchDatabase;
  private readonly winners = new Map<string, PouchDoc>();
  /** The snapshot of `winners` until they change: the harness asks after every delivery. */
  private snapshotCache: Snapshot | undefined;
  private readonly dumpBytes = new Map<string, number>();
  private readonly conflicted = new Set<string>();
  private readonly feed: EventSource;
  private closed = false;
  /**
   * Each document's last queued put, resolving to the revision it wrote: a write waits for the
   * one before it and builds on its revision, as an app awaiting `put()` does. Without the chain
   * a second write within the same instant carried the revision the first replaced, and PouchDB
   * refused it with a 409 conflict after the adapter had reported it applied (found by the
   * fuzzer's history checker as a lost update).
   */
  private readonly queued = new Map<string, Promise<string | undefined>>();
  private readonly leveldown: ReturnType<typeof durableDown>;

  constructor(
    storage: DurableStorage,
    private readonly schema: SchemaDefinition,
    private readonly supportedOps: readonly OpKind[],
    private readonly log: (message: string) => void,
    /**
     * Opens the database on a leveldown factory over the replica's storage. By default a client's
     * one database; a server passes its own (its HTTP stack's PouchDB, which keeps several).
     */
    open?: {
      /** The durable name of the store at a leveldown location (see `durableDown`). */
      readonly storeOf: (location: string) => string;
      readonly database: (leveldown: LevelDownFactory) => PouchDatabase;
    },
  ) {
    this.leveldown = durableDown(storage, open?.storeOf);
    this.db = open
      ? open.database(this.leveldown.factory)
      : new PouchDB(`syncbench-${++opened}`, { adapter: 'memory', db: this.leveldown.factory });
    this.feed = this.db
      .changes({ live: true, since: 0, include_docs: true, conflicts: true, style: 'all_docs' })
      .on('change', (change: ChangeEvent) => this.follow(change))
      .on('error', (error: Error) => this.log(`changes feed failed: ${error.message}`));
  }

  /** Validates `op` against the current state and writes it; the write completes asynchronously. */
  apply(op: Op): ApplyOutcome {
    if (!this.supportedOps.includes(op.kind))
      throw new UnsupportedOpError(ENGINE, op.kind, this.supportedOps);
    const write = writeFor(op, (id) => this.winners.get(id));
    if (typeof write === 'string') return { status: 'rejected', reason: write };
    this.snapshotCache = undefined;
    if (write._deleted) this.winners.delete(write._id);
    else this.winners.set(write._id, write); // read-your-writes until the feed reports the new revision
    const id = write._id;
    const before = this.queued.get(id);
    const put = (before ?? Promise.resolve(undefined))
      .then((rev) => this.db.put(rev === undefined ? write : { ...write, _rev: rev }))
      .then(
        (result) => result.rev,
        (error: Error) => {
          this.log(`write of ${id} failed: ${error.message}`);
          return undefined;
        },
      );
    this.queued.set(id, put);
    void put.then(() => {
      if (this.queued.get(id) === put) this.queued.delete(id);
    });
    return { status: 'applied' };
  }

  read(path: ReadPath): ReadValue {
    return readPath(this.winners, path);
  }

  /** The same object while nothing changed (a snapshot is a value: nobody changes it). */
  snapshot(): Snapshot {
    return (this.snapshotCache ??= snapshotOf(this.winners, this.schema));
  }

  /** Bytes of a full dump: every document's leaves with their `_revisions`. */
  storedBytes(): number {
    let total = 0;
    for (const bytes of this.dumpBytes.values()) total += bytes;
    return total;
  }

  /** Documents that have had conflicting leaves on this replica. */
  get conflicts(): number {
    return this.conflicted.size;
  }

  /** Closes the database; on a crash nothing written from now on reaches durable storage. */
  async close(reason: CloseReason): Promise<void> {
    if (reason === 'crash') this.leveldown.crash();
    this.closed = true;
    this.feed.cancel();
    await this.db.close();
  }

  private follow(change: ChangeEvent): void {
    const doc = change.doc;
    this.snapshotCache = undefined;
    if (change.deleted || !doc) this.winners.delete(change.id);
    else {
      const { _conflicts: conflicts, ...winner } = doc;
      if (conflicts && conflicts.length > 0) this.conflicted.add(change.id);
      this.winners.set(change.id, winner);
    }
    this.db
      .get(change.id, { revs: true, open_revs: 'all' })
      .then((leaves) => {
        if (!this.closed) this.dumpBytes.set(change.id, Buffer.byteLength(JSON.stringify(leaves)));
      })
      .catch((error: Error) => {
        if (!this.closed) this.log(`reading ${change.id} for its size failed: ${error.message}`);
      });
  }
}
