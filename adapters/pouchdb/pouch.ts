/**
 * PouchDB assembled from its parts (not the `pouchdb` bundle, which pulls a native LevelDB):
 * the core, the LevelDB adapter over memdown (`memory`), the HTTP adapter and replication.
 * Only the slice of the PouchDB API the adapter uses is typed here.
 */
import crypto from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface PouchDoc {
  readonly _id: string;
  readonly _rev?: string;
  readonly _deleted?: boolean;
  readonly _conflicts?: readonly string[];
  readonly [field: string]: unknown;
}

export interface ChangeEvent {
  readonly id: string;
  readonly seq: number | string;
  readonly deleted?: boolean;
  readonly doc?: PouchDoc;
  readonly changes: readonly { readonly rev: string }[];
}

export interface EventSource {
  on(event: string, listener: (value: never) => void): this;
  cancel(): void;
}

export interface Replication extends EventSource, PromiseLike<unknown> {}

export interface PouchDatabase {
  readonly name: string;
  info(): Promise<{ db_name: string; doc_count: number; update_seq: number | string }>;
  get(id: string, options?: Record<string, unknown>): Promise<PouchDoc>;
  put(doc: PouchDoc): Promise<{ ok: boolean; id: string; rev: string }>;
  bulkDocs(docs: unknown, options?: unknown): Promise<unknown[]>;
  bulkGet(options: unknown): Promise<unknown>;
  revsDiff(diff: unknown): Promise<unknown>;
  changes(
    options: Record<string, unknown>,
  ): Promise<{ results: ChangeEvent[]; last_seq: unknown }> & EventSource;
  close(): Promise<void>;
  destroy(): Promise<void>;
  setMaxListeners(count: number): void;
}

export interface PouchStatic {
  new (name: string, options?: Record<string, unknown>): PouchDatabase;
  replicate(source: PouchDatabase, target: PouchDatabase, options: Record<string, unknown>): Replication;
  plugin(plugin: unknown): PouchStatic;
  readonly version: string;
}

const core = require('pouchdb-core') as PouchStatic;

export const PouchDB: PouchStatic = core
  .plugin(require('pouchdb-adapter-memory'))
  .plugin(require('pouchdb-adapter-http'))
  .plugin(require('pouchdb-replication'));

/** The `fetch` PouchDB's HTTP adapter uses by default on Node (node-fetch behind fetch-cookie). */
export const pouchFetch = (
  require('pouchdb-fetch') as { fetch: (url: string, init?: unknown) => Promise<unknown> }
).fetch;

/**
 * PouchDB's ids (`pouchdb-utils`'s `uuid()`: changes-feed listener ids, session ids) come from the
 * `uuid` package, which draws 256 random bytes at a time into a process-wide pool. In a run those
 * bytes come from the run's seeded stream, so what an earlier run left in the pool are bytes this
 * run's stream gives again later: a run after another of the same seed drew the same id twice,
 * and PouchDB, which keys its live changes listeners by id, dropped the second listener (the
 * server's view of its database stopped following it). Each replica therefore starts by using up
 * what is left in the pool, so its ids are drawn from the run's stream alone, whatever ran before.
 */
const uuid = createRequire(require.resolve('pouchdb-utils'))('uuid') as { v4(): string };
export function drawIdsFromThisRun(): void {
  const fill = crypto.randomFillSync;
  let refilled = false;
  crypto.randomFillSync = ((...args: Parameters<typeof fill>) => {
    refilled = true;
    return fill(...args);
  }) as typeof fill;
  try {
    // A pool of 256 bytes gives 16 ids of 16 bytes; the 17th draw at the latest refills it.
    for (let i = 0; i <= 16 && !refilled; i++) uuid.v4();
  } finally {
    crypto.randomFillSync = fill;
  }
}
