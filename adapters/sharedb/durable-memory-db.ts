/**
 * ShareDB's own `MemoryDB`, writing every committed op and snapshot through to the replica's
 * durable storage, and loading them back when the server restarts: the database a ShareDB
 * server persists in (deployed, sharedb-mongo or sharedb-postgres commit each op and snapshot
 * the same way, before the submit is acknowledged), so a server crash loses nothing it
 * acknowledged. A subscribe query here asks for a whole collection, so, as sharedb-mongo does for
 * a query it can match against one document, the database answers a change by polling only the
 * document that changed (`canPollDoc`, `queryPollDoc`), where MemoryDB would re-run the query
 * over the whole collection after every op. Everything else (commits, version checks, a query's
 * first results) is MemoryDB's.
 */
import ShareDB from 'sharedb';
import type { DurableStorage } from '../../src/contract/contract.ts';

interface StoredSnapshot {
  readonly v: number;
  readonly type: string | null;
  readonly data?: unknown;
  readonly m?: unknown;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const write = (storage: DurableStorage, key: string, value: unknown): void =>
  storage.set(key, encoder.encode(JSON.stringify(value)));
const read = (bytes: Uint8Array): unknown => JSON.parse(decoder.decode(bytes));

const SNAPSHOT = 'sharedb/snapshot/';
const OP = 'sharedb/op/';
/** `<collection>/<id>` → the key; collection names hold no '/'. */
const docKey = (collection: string, id: string): string => `${collection}/${encodeURIComponent(id)}`;

/** The parts of MemoryDB this subclass reaches into: its maps and its two sync writers. */
interface MemoryInternals {
  docs: Record<string, Record<string, StoredSnapshot>>;
  ops: Record<string, Record<string, unknown[]>>;
  _writeOpSync(collection: string, id: string, op: { v: number }): void;
  _writeSnapshotSync(collection: string, id: string, snapshot: StoredSnapshot): void;
}

/** A MemoryDB over `storage`, holding what an earlier process committed to it. */
export function durableMemoryDb(storage: DurableStorage): ShareDB.DB {
  const db = new ShareDB.MemoryDB() as unknown as ShareDB.DB & MemoryInternals;
  for (const key of storage.keys().sort()) {
    const bytes = storage.get(key);
    if (!bytes) continue;
    if (key.startsWith(SNAPSHOT)) {
      const [collection = '', id = ''] = key.slice(SNAPSHOT.length).split('/');
      (db.docs[collection] ??= {})[decodeURIComponent(id)] = read(bytes) as StoredSnapshot;
    } else if (key.startsWith(OP)) {
      const [collection = '', id = '', v = '0'] = key.slice(OP.length).split('/');
      ((db.ops[collection] ??= {})[decodeURIComponent(id)] ??= [])[Number(v)] = read(bytes);
    }
  }
  const writeOp = db._writeOpSync.bind(db);
  const writeSnapshot = db._writeSnapshotSync.bind(db);
  db._writeOpSync = (collection, id, op) => {
    writeOp(collection, id, op);
    write(storage, `${OP}${docKey(collection, id)}/${String(op.v).padStart(10, '0')}`, op);
  };
  db._writeSnapshotSync = (collection, id, snapshot) => {
    writeSnapshot(collection, id, snapshot);
    const key = SNAPSHOT + docKey(collection, id);
    if (snapshot.type) write(storage, key, snapshot);
    else storage.delete(key);
  };
  const polled = db as unknown as {
    canPollDoc(): boolean;
    queryPollDoc(collection: string, id: string, query: unknown, options: unknown, callback: Matches): void;
  };
  polled.canPollDoc = () => true;
  polled.queryPollDoc = (collection, id, _query, _options, callback) =>
    process.nextTick(() => callback(null, Boolean(db.docs[collection]?.[id])));
  return db;
}

type Matches = (error: Error | null, matches: boolean) => void;
