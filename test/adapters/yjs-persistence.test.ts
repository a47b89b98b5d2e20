// The Yjs engine stores documents as the libraries its users deploy do: y-indexeddb on clients,
// y-leveldb under @y/websocket-server's persistence on the server. Both are reproduced on the
// replica's durable storage (the real ones need IndexedDB and LevelDB, which the simulation does
// not have), so these tests run the real libraries (y-indexeddb on fake-indexeddb, y-leveldb on a
// LevelDB in a temporary folder) through the same edits, merges and restarts, and compare every
// stored entry, byte for byte and in order.
import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { IndexeddbPersistence as RealIndexeddbPersistence } from 'y-indexeddb';
import { getAllDocs, getLevelUpdates } from 'y-leveldb';
import type { Timers } from '../../src/contract/contract.ts';
import { IndexeddbPersistence } from '../../adapters/yjs/indexeddb-persistence.ts';
import { LeveldbPersistence } from '../../adapters/yjs/leveldb-persistence.ts';
import { memoryStorage } from '../../src/runner/replica-host.ts';

/** Real timers: the real y-indexeddb waits on `setTimeout`, so ours waits the same way here. */
const timers: Timers = {
  after: (ms, fire) => {
    const id = setTimeout(fire, ms);
    return () => clearTimeout(id);
  },
  every: (ms, fire) => {
    const id = setInterval(fire, ms);
    return () => clearInterval(id);
  },
};
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * y-indexeddb resolves `whenSynced` before it has counted its entries (`_dbsize` is set a few
 * requests later), so edits made at once would be counted from 0; ours counts at open.
 */
const opened = async (persistence: RealIndexeddbPersistence): Promise<void> => {
  await persistence.whenSynced;
  await sleep(50);
};

/** A doc with a fixed client id, so both sides make byte-identical updates. */
function docOf(clientID: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  return doc;
}
const edit = (docs: Y.Doc[], from: number, count: number): void => {
  for (const doc of docs) for (let i = from; i < from + count; i++) doc.getMap('records').set(`r${i}`, { i });
};

/** Our storage's update entries and others, as [key, bytes] in key order. */
function storedEntries(storage: ReturnType<typeof memoryStorage>): {
  updates: [number, number[]][];
  other: string[];
} {
  const updates: [number, number[]][] = [];
  const other: string[] = [];
  for (const key of storage.keys())
    if (key.startsWith('yjs/')) updates.push([Number(key.slice(4)), [...storage.get(key)!]]);
    else other.push(key);
  return { updates: updates.sort((a, b) => a[0] - b[0]), other };
}

/** The little of IndexedDB the test reads with (the DOM's types are not in this project's lib). */
interface IdbRequest<T> {
  result: T;
  error: unknown;
  onsuccess: (() => void) | null;
  onerror: (() => void) | null;
}
interface IdbDatabase {
  transaction(
    stores: string[],
    mode: 'readonly',
  ): {
    objectStore(name: string): { getAll(): IdbRequest<Uint8Array[]>; getAllKeys(): IdbRequest<number[]> };
  };
  close(): void;
}
const done = <T>(request: IdbRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(new Error(`IndexedDB: ${String(request.error)}`));
  });

/** The real y-indexeddb's entries, as [key, bytes] in key order. */
async function indexeddbEntries(name: string): Promise<[number, number[]][]> {
  const { indexedDB } = globalThis as unknown as {
    indexedDB: { open(name: string): IdbRequest<IdbDatabase> };
  };
  const db = await done(indexedDB.open(name));
  const store = db.transaction(['updates'], 'readonly').objectStore('updates');
  const [keys, values] = await Promise.all([done(store.getAllKeys()), done(store.getAll())]);
  db.close();
  return keys.map((key, i) => [key, [...values[i]!]]);
}

describe('Yjs client storage (y-indexeddb)', () => {
  it('stores exactly what the real y-indexeddb stores, through debounced merges and a restart', async () => {
    const name = `syncbench-${process.pid}`;
    const storage = memoryStorage();
    let realDoc = docOf(7);
    let ourDoc = docOf(7);
    let real = new RealIndexeddbPersistence(name, realDoc);
    await opened(real);
    new IndexeddbPersistence(storage, ourDoc, timers);
    const same = async (entries: number): Promise<void> => {
      const ours = storedEntries(storage);
      expect(ours.updates).toEqual(await indexeddbEntries(name));
      expect(ours.updates).toHaveLength(entries);
      expect(ours.other).toEqual([]);
    };
    edit([realDoc, ourDoc], 0, 498); // 499 entries with the state at open: no merge
    await sleep(1_200);
    await same(499);
    edit([realDoc, ourDoc], 498, 1); // 500: merged a second later
    await sleep(1_200);
    await same(1);
    edit([realDoc, ourDoc], 499, 499); // 500 again: a merge is due in a second…
    await sleep(700);
    edit([realDoc, ourDoc], 998, 5); // …and waits again after each update
    await sleep(700);
    await same(505);
    await sleep(800);
    await same(1);
    edit([realDoc, ourDoc], 1_003, 30);
    await real.destroy();
    realDoc = docOf(8);
    ourDoc = docOf(8);
    real = new RealIndexeddbPersistence(name, realDoc); // reopened: its state so far is added
    await opened(real);
    new IndexeddbPersistence(storage, ourDoc, timers);
    edit([realDoc, ourDoc], 2_000, 10);
    await sleep(100);
    await same(1 + 30 + 1 + 10);
    await real.destroy();
    expect(ourDoc.getMap('records').toJSON()).toEqual(realDoc.getMap('records').toJSON());
  });
});

describe('Yjs client storage beside the application', () => {
  it('merging keeps what the application stores beside the document (its schema version)', () => {
    const storage = memoryStorage();
    storage.set('app-schema-version', new TextEncoder().encode('2'));
    const due: (() => void)[] = [];
    const manual: Timers = { after: (_ms, fire) => (due.push(fire), () => {}), every: () => () => {} };
    const doc = docOf(3);
    new IndexeddbPersistence(storage, doc, manual);
    edit([doc], 0, 600);
    due.at(-1)!(); // the last scheduled merge fires
    expect(storedEntries(storage).updates).toHaveLength(1);
    expect(storedEntries(storage).other).toEqual(['app-schema-version']);
    const restarted = docOf(4);
    new IndexeddbPersistence(storage, restarted, manual);
    expect(restarted.getMap('records').size).toBe(600);
  });
});

describe('Yjs server storage (y-leveldb under @y/websocket-server)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'syncbench-y-leveldb-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stores exactly what the real bindState and y-leveldb store, through a merge at load', async () => {
    process.env['YPERSISTENCE'] = dir;
    const utils = await import('@y/websocket-server/utils');
    const real = utils.getPersistence() as unknown as {
      provider: {
        tr: Promise<unknown>;
        _transact<T>(f: (db: unknown) => Promise<T>): Promise<T>;
        destroy(): Promise<void>;
      };
      bindState(name: string, doc: Y.Doc): Promise<void>;
    };
    const storage = memoryStorage();
    const client = docOf(9);
    const serve = async (realDoc: Y.Doc, ourDoc: Y.Doc, from: number, count: number): Promise<void> => {
      await real.bindState('doc', realDoc);
      new LeveldbPersistence(storage).bind(ourDoc);
      for (let i = from; i < from + count; i++) {
        const before = Y.encodeStateVector(client);
        edit([client], i, 1);
        const update = Y.encodeStateAsUpdate(client, before);
        Y.applyUpdate(realDoc, update);
        Y.applyUpdate(ourDoc, update);
      }
      await real.provider.tr;
    };
    const same = async (entries: number): Promise<void> => {
      const [updates, svs] = await real.provider._transact(async (db) => [
        (await getLevelUpdates(db, 'doc', { keys: true, values: true })) as {
          key: unknown[];
          value: Uint8Array;
        }[],
        (await getAllDocs(db, true, true)) as { key: unknown[]; value: Uint8Array }[],
      ]);
      const ours = storedEntries(storage);
      expect(ours.updates).toEqual(updates.map(({ key, value }) => [key[3], [...value]]));
      expect(ours.updates).toHaveLength(entries);
      expect(ours.other).toEqual(['yjs-state-vector']);
      expect(svs).toHaveLength(1);
      expect([...storage.get('yjs-state-vector')!]).toEqual([...svs[0]!.value]);
    };
    await serve(new Y.Doc(), new Y.Doc(), 0, 499); // 500 updates with the state bound
    await same(500);
    await serve(new Y.Doc(), new Y.Doc(), 499, 0); // 500 loaded: kept as they are
    await same(501);
    await serve(new Y.Doc(), new Y.Doc(), 499, 10); // more than 500 loaded: merged first
    await same(1 + 1 + 10);
    await serve(new Y.Doc(), new Y.Doc(), 509, 3);
    await same(12 + 1 + 3);
    await real.provider.destroy();
  });
});
