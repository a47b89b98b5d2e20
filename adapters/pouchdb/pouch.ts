/**
 * PouchDB assembled from its parts (not the `pouchdb` bundle, which pulls a native LevelDB):
 * the core, the LevelDB adapter over memdown (`memory`), the HTTP adapter and replication.
 * Only the slice of the PouchDB API the adapter uses is typed here.
 */
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
