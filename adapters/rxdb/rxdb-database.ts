/**
 * Opening a client's RxDatabase on RxDB's memory storage, and measuring what that storage holds.
 * The memory storage keeps a database's state process-wide by name even after it is closed
 * (RxDB made it so, to test filesystem-like behaviour); that state is the client's durable
 * medium here: a crashed client reopens the same name. At the end of a run the database is
 * removed, so nothing leaks into the next run.
 */
import { createHash } from 'node:crypto';
import type { RxCollection, RxDatabase } from 'rxdb';
import { addRxPlugin, createRxDatabase } from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import type { DurableStorage, SchemaMigration } from '../../src/contract/contract.ts';
import type { WorkspaceDoc } from './rxdb-model.ts';
import { COLLECTION_NAME, migrationStrategies, workspaceSchema } from './rxdb-model.ts';

addRxPlugin(RxDBMigrationSchemaPlugin);
const storage = getRxStorageMemory();

/**
 * RxDB's default hash is `crypto.subtle.digest`, which finishes on Node's thread pool at a moment
 * the harness cannot order against simulated events; the same SHA-256 from `node:crypto` settles
 * as an ordinary resolved promise.
 */
const hashFunction = async (input: string | ArrayBuffer | Blob): Promise<string> => {
  const data =
    typeof input === 'string'
      ? input
      : new Uint8Array(input instanceof Blob ? await input.arrayBuffer() : input);
  return createHash('sha256').update(data).digest('hex');
};
const NAME_KEY = 'rxdb/database-name';
let created = 0;

/** The database name of this client: new for its first incarnation, then the same after crashes. */
export function databaseName(durable: DurableStorage, replica: string): string {
  const stored = durable.get(NAME_KEY);
  if (stored) return new TextDecoder().decode(stored);
  const name = `syncbench-${++created}-${replica.toLowerCase().replace(/[^a-z0-9]/g, '')}`;
  durable.set(NAME_KEY, new TextEncoder().encode(name));
  return name;
}

/** Databases still closing, by name: a restarted client waits for its crashed predecessor. */
const closing = new Map<string, Promise<void>>();

/**
 * Opens the client's database at a schema `version`; RxDB's migration plugin moves stored
 * documents from an older version with `migrationStrategies` as it opens.
 */
export async function openWorkspace(
  name: string,
  version: number,
  migrations: readonly SchemaMigration[],
): Promise<{ db: RxDatabase; collection: RxCollection<WorkspaceDoc> }> {
  await closing.get(name);
  const db = await createRxDatabase({ name, storage, multiInstance: false, eventReduce: true, hashFunction });
  const collections = await db.addCollections({
    [COLLECTION_NAME]: {
      schema: workspaceSchema(version),
      migrationStrategies: migrationStrategies(version, migrations),
      autoMigrate: true,
    },
  });
  return { db, collection: collections[COLLECTION_NAME] as RxCollection<WorkspaceDoc> };
}

/** Closes (crash: the state stays for the next incarnation) or removes (end of run) a database. */
export function closeWorkspace(name: string, db: RxDatabase, removeState: boolean): Promise<void> {
  const done = (removeState ? db.remove() : db.close()).then(() => {
    closing.delete(name);
  });
  closing.set(name, done);
  return done;
}

/** The document without RxDB's meta fields. */
function dataOf(doc: Record<string, unknown>): WorkspaceDoc {
  const { id, kind, table, fields, text } = doc as unknown as WorkspaceDoc;
  return {
    id,
    kind,
    ...(table === undefined ? {} : { table }),
    ...(fields === undefined ? {} : { fields }),
    ...(text === undefined ? {} : { text }),
  };
}

/**
 * Keeps `view` equal to the live documents of `collection` (RxDB's API is asynchronous; a
 * replica answers reads synchronously): fills it with what the collection holds, then follows
 * the collection's own change events.
 */
export async function followWorkspace(
  collection: RxCollection<WorkspaceDoc>,
  view: Map<string, WorkspaceDoc>,
): Promise<void> {
  for (const doc of await collection.find().exec()) view.set(doc.primary, dataOf(doc.toJSON()));
  collection.$.subscribe((event) => {
    if (event.operation === 'DELETE') view.delete(event.documentId);
    else view.set(event.documentId, dataOf(event.documentData as unknown as Record<string, unknown>));
  });
}

interface MemoryState {
  readonly documents: ReadonlyMap<string, unknown>;
}

/**
 * Bytes of every document the memory storage holds for database `name`, deleted ones and RxDB's
 * meta fields (`_meta`, `_rev`, `_attachments`) included, split into the workspace collection and
 * RxDB's own stores (database internals and replication metadata: checkpoints and assumed
 * master states).
 */
export function storedBytesOf(name: string): { workspace: number; internal: number } {
  const states = (storage as unknown as { collectionStates: ReadonlyMap<string, MemoryState> })
    .collectionStates;
  let workspace = 0;
  let internal = 0;
  for (const [key, state] of states) {
    if (!key.startsWith(`${name}--`)) continue;
    let bytes = 0;
    for (const doc of state.documents.values()) bytes += Buffer.byteLength(JSON.stringify(doc));
    if (key.includes(`--${COLLECTION_NAME}--`)) workspace += bytes;
    else internal += bytes;
  }
  return { workspace, internal };
}
