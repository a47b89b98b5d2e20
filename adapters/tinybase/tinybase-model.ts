/**
 * How the workload vocabulary maps onto a TinyBase MergeableStore: each collection is a table,
 * each record a row (its id the row id), each field a cell; each text document a value
 * (`text:<name>`) holding the whole string. The MergeableStore stamps every cell and value with
 * a hybrid logical clock and keeps the later stamp: concurrent writes to one field keep one, and
 * concurrent edits of one text keep one whole string (the other's insert is lost, as the engine
 * declares). A delete stamps every cell of the row as deleted; a later write to one cell brings
 * that cell back. Every op is one transaction.
 */
import type { MergeableStore } from 'tinybase';
import type {
  ApplyOutcome,
  Fields,
  Op,
  ReadPath,
  ReadValue,
  SchemaDefinition,
  Snapshot,
  StoredSize,
} from '../../src/contract/contract.ts';
import { UnsupportedOpError } from '../../src/contract/contract.ts';
import type { AppSchemaVersion } from '../../src/contract/app-schema-version.ts';

const textKey = (name: string): string => `text:${name}`;

function textOf(store: MergeableStore, name: string): string {
  const value = store.getValue(textKey(name));
  return typeof value === 'string' ? value : '';
}

/** Applies `op` to `store` in one transaction. */
export function applyOp(store: MergeableStore, op: Op, supported: readonly string[]): ApplyOutcome {
  switch (op.kind) {
    case 'create':
      store.setRow(op.collection, op.id, { ...op.fields });
      return { status: 'applied' };
    case 'update':
      if (!store.hasRow(op.collection, op.id))
        return { status: 'rejected', reason: `no record ${op.collection}/${op.id}` };
      store.setPartialRow(op.collection, op.id, { ...op.fields });
      return { status: 'applied' };
    case 'delete':
      store.delRow(op.collection, op.id);
      return { status: 'applied' };
    case 'textInsert': {
      const text = textOf(store, op.doc);
      store.setValue(textKey(op.doc), text.slice(0, op.index) + op.text + text.slice(op.index));
      return { status: 'applied' };
    }
    case 'textDelete': {
      const text = textOf(store, op.doc);
      store.setValue(textKey(op.doc), text.slice(0, op.index) + text.slice(op.index + op.length));
      return { status: 'applied' };
    }
    case 'upgradeSchema':
      throw new UnsupportedOpError('tinybase', op.kind, supported);
  }
}

/** The client's application moves to schema `version`: it rewrites every row it holds, in one transaction. */
export function upgradeStore(
  store: MergeableStore,
  schema: SchemaDefinition,
  app: AppSchemaVersion,
  version: number,
): ApplyOutcome {
  const refusal = app.refusal(version);
  if (refusal) return { status: 'rejected', reason: refusal };
  const migrate = app.moveTo(version);
  store.transaction(() => {
    for (const name of schema.collections) {
      for (const id of store.getRowIds(name)) {
        const fields = store.getRow(name, id) as Fields;
        const next = migrate(name, fields);
        for (const key of Object.keys(fields)) if (!(key in next)) store.delCell(name, id, key);
        for (const [key, value] of Object.entries(next))
          if (fields[key] !== value) store.setCell(name, id, key, value);
      }
    }
  });
  return { status: 'applied' };
}

/** The canonical snapshot of `store` for the collections and texts of `schema`. */
export function snapshotOf(store: MergeableStore, schema: SchemaDefinition): Snapshot {
  const collections: Record<string, Record<string, Fields>> = {};
  for (const name of schema.collections) collections[name] = store.getTable(name) as Record<string, Fields>;
  const texts: Record<string, string> = {};
  for (const name of schema.texts) texts[name] = textOf(store, name);
  return { collections, texts };
}

/** A point lookup of one record or one text. */
export function readPath(store: MergeableStore, path: ReadPath): ReadValue {
  if (path.kind === 'text') return textOf(store, path.doc);
  return store.hasRow(path.collection, path.id)
    ? (store.getRow(path.collection, path.id) as Fields)
    : undefined;
}

/** What a replica stores: its mergeable content (values, stamps and hashes) as JSON, as TinyBase's persisters write it. */
export function storedSizeOf(store: MergeableStore): StoredSize {
  return { bytes: Buffer.byteLength(JSON.stringify(store.getMergeableContent())) };
}
