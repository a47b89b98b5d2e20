/**
 * A TinyBase persister over a replica's durable storage: TinyBase's own `createCustomPersister`
 * (the extension point its file, browser and database persisters are built on), saving the
 * MergeableStore's whole mergeable content under one key after every change (auto-save), and
 * loading it when the replica starts. The JSON is its file persister's: a deleted cell's or
 * value's `undefined` is written as U+FFFC and read back as `undefined` (plain JSON would turn it
 * into `null`, a valid cell value since TinyBase 6, and bring deleted rows back with null cells).
 */
import { createCustomPersister } from 'tinybase/persisters';
import type { MergeableContent, MergeableStore } from 'tinybase';
import type { Persister, Persists } from 'tinybase/persisters';
import type { DurableStorage } from '../../src/contract/contract.ts';

/** TinyBase's marker for `undefined` in JSON (its `jsonStringWithUndefined`). */
const UNDEFINED = '\uFFFC';

const toJson = (content: unknown): string =>
  JSON.stringify(content, (_key, value: unknown) => (value === undefined ? UNDEFINED : value));

function withUndefined(value: unknown): unknown {
  if (value === UNDEFINED) return undefined;
  if (Array.isArray(value)) return value.map(withUndefined);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withUndefined(v)]));
  return value;
}

/** Parses what `toJson` wrote. */
export const fromJson = (text: string): unknown => withUndefined(JSON.parse(text));

/** TinyBase's `Persists.MergeableStoreOnly`. */
const MERGEABLE_STORE_ONLY = 2 as Persists.MergeableStoreOnly;

export function storagePersister(
  store: MergeableStore,
  storage: DurableStorage,
  key: string,
  /** False once the process has died: a dead process writes nothing. */
  alive: () => boolean,
  onIgnoredError: (error: unknown) => void,
): Persister<Persists.MergeableStoreOnly> {
  const persister: unknown = createCustomPersister(
    store,
    () => {
      const bytes = storage.get(key);
      return Promise.resolve(
        bytes ? (fromJson(new TextDecoder().decode(bytes)) as MergeableContent) : undefined,
      );
    },
    (getContent) => {
      if (alive()) storage.set(key, new TextEncoder().encode(toJson(getContent())));
      return Promise.resolve();
    },
    () => 0,
    () => {},
    onIgnoredError,
    MERGEABLE_STORE_ONLY,
  );
  return persister as Persister<Persists.MergeableStoreOnly>;
}
