/**
 * A leveldown store for PouchDB's LevelDB adapter that writes through to the replica's durable
 * storage, the way pouchdb-adapter-leveldb keeps a database on disk: every put, delete and batch
 * reaches the durable medium, and a restarted replica opens the same database from it. Reads
 * and iteration are memdown's (an in-memory sorted tree, as `pouchdb-adapter-memory` uses).
 */
import { createRequire } from 'node:module';
import type { DurableStorage } from '../../src/contract/contract.ts';

const require = createRequire(import.meta.url);

export interface LevelDown {
  _open(options: unknown, callback: (error?: Error | null) => void): void;
  _put(key: unknown, value: unknown, options: unknown, callback: (error?: Error) => void): void;
  _del(key: unknown, options: unknown, callback: (error?: Error) => void): void;
  _batch(ops: readonly BatchOp[], options: unknown, callback: (error?: Error) => void): void;
  _store: Record<string, { insert(key: unknown, value: unknown): unknown }>;
  _location: string;
}

interface BatchOp {
  readonly type: 'put' | 'del';
  readonly key: unknown;
  readonly value?: unknown;
}

type LevelDownConstructor = { new (location: string): LevelDown; prototype: LevelDown };

/** What PouchDB's LevelDB adapter takes as its `db` option. */
export type LevelDownFactory = (location: string) => LevelDown;

const MemDOWN = require('memdown') as LevelDownConstructor;

const STRING = 0;
const BINARY = 1;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Keys and values are strings or Buffers; both survive the round trip with a one-byte tag. */
function encode(value: unknown): Uint8Array {
  const binary = Buffer.isBuffer(value);
  const body = binary
    ? value
    : encoder.encode(typeof value === 'string' ? value : JSON.stringify(value ?? ''));
  const out = new Uint8Array(body.byteLength + 1);
  out[0] = binary ? BINARY : STRING;
  out.set(body, 1);
  return out;
}

function decode(bytes: Uint8Array): string | Buffer {
  const body = bytes.subarray(1);
  return bytes[0] === BINARY ? Buffer.from(body) : decoder.decode(body);
}

/** The durable keys of the LevelDB stores; other keys of the replica's storage are not theirs. */
const PREFIX = 'level/';

/** Where one store keeps its keys: all under `level/`, or one store's under `level/<store>/`. */
interface StoreKeys {
  key(key: unknown): string;
  mine(stored: string): boolean;
  parse(stored: string): string | Buffer;
}

function keysOf(prefix: string): StoreKeys {
  return {
    mine: (stored) => stored.startsWith(`${prefix}s:`) || stored.startsWith(`${prefix}b:`),
    key: (key) => (Buffer.isBuffer(key) ? `${prefix}b:${key.toString('hex')}` : `${prefix}s:${String(key)}`),
    parse: (stored) => {
      const body = stored.slice(prefix.length + 2);
      return stored.startsWith(`${prefix}b:`) ? Buffer.from(body, 'hex') : body;
    },
  };
}

/**
 * A leveldown factory over `storage`; each replica incarnation gets its own. `crash()` cuts it
 * off from the durable medium: whatever the dying process still writes afterwards is lost. With
 * `storeOf`, each database it opens keeps its keys under `level/<storeOf(location)>/` (a name that
 * stays the same from one incarnation to the next); without, the one database a client opens
 * keeps them under `level/`.
 */
export function durableDown(
  durable: DurableStorage,
  storeOf?: (location: string) => string,
): {
  factory: LevelDownFactory;
  crash(): void;
} {
  let alive = true;
  const storage: DurableStorage = {
    get: (key) => durable.get(key),
    keys: () => durable.keys(),
    set: (key, value) => {
      if (alive) durable.set(key, value);
    },
    delete: (key) => {
      if (alive) durable.delete(key);
    },
  };
  function DurableDOWN(this: LevelDown & { keys: StoreKeys }, location: string): void {
    MemDOWN.call(this, ''); // an instance-local tree, not memdown's process-wide store
    this.keys = keysOf(storeOf ? `${PREFIX}${storeOf(location)}/` : PREFIX);
  }
  Object.setPrototypeOf(DurableDOWN.prototype, MemDOWN.prototype);
  const proto = DurableDOWN.prototype as LevelDown & { keys: StoreKeys };
  proto._open = function (options, callback) {
    let tree = this._store[this._location];
    for (const key of storage.keys().filter((k) => this.keys.mine(k))) {
      const value = storage.get(key);
      if (value && tree) tree = tree.insert(this.keys.parse(key), decode(value)) as typeof tree;
    }
    if (tree) this._store[this._location] = tree;
    MemDOWN.prototype._open.call(this, options, callback);
  };
  proto._put = function (key, value, options, callback) {
    storage.set(this.keys.key(key), encode(value));
    MemDOWN.prototype._put.call(this, key, value, options, callback);
  };
  proto._del = function (key, options, callback) {
    storage.delete(this.keys.key(key));
    MemDOWN.prototype._del.call(this, key, options, callback);
  };
  proto._batch = function (ops, options, callback) {
    for (const op of ops) {
      if (op.type === 'put') storage.set(this.keys.key(op.key), encode(op.value));
      else storage.delete(this.keys.key(op.key));
    }
    MemDOWN.prototype._batch.call(this, ops, options, callback);
  };
  return {
    // Named as pouchdb-adapter-memory's leveldown is: PouchDB reports the name in a database's
    // info (`backend_adapter`), which a server sends its clients. PouchDB shares an open store
    // between databases of one name whose leveldown has the same name, so every database a
    // replica incarnation opens has a name of its own.
    factory: Object.defineProperty(
      (location: string) => new (DurableDOWN as unknown as LevelDownConstructor)(location),
      'name',
      { value: 'MemDOWN' },
    ),
    crash: () => {
      alive = false;
    },
  };
}
