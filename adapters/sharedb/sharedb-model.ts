/**
 * How the workload vocabulary maps onto ShareDB: each record is a ShareDB document of type json0
 * in the ShareDB collection of its collection's name, its fields the document's keys; each text
 * is a json0 document `{ t: string }` in the collection `_texts`, named after it. An update sets
 * each field with a json0 object replace (`oi` with the old value as `od`): two concurrent sets
 * of one field keep the one the server applies last. Text edits are json0 string inserts and
 * deletes (`si`, `sd`), transformed by the server (operational transform). The same reads serve
 * a client's `Connection` (its documents as it holds them, pending ops applied) and the server's
 * database.
 */
import type { Connection } from 'sharedb/lib/client/index.js';
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

/** The ShareDB collection holding the text documents. */
export const TEXTS = '_texts';
/** The json0 type's name. */
export const JSON0 = 'json0';

/** What a text document holds. */
export interface TextData {
  t: string;
}

/** Where a replica's documents are, by collection and id, as snapshots (`type` null: none). */
export interface DocSource {
  data(collection: string, id: string): unknown;
  ids(collection: string): readonly string[];
}

/** Called with the outcome once the server has answered a submit: a refused one is logged. */
type Answer = (error?: { message: string }) => void;

/**
 * Applies `op` at a client: the document changes at once (ShareDB applies a submit locally and
 * sends it when it can). `get` is the connection's `get`; `answer` hears the server's verdict.
 */
export function applyOp(
  connection: Connection,
  op: Op,
  supported: readonly string[],
  answer: Answer,
  created: (collection: string, id: string) => () => void = () => () => {},
): ApplyOutcome {
  switch (op.kind) {
    case 'create': {
      const doc = connection.get(op.collection, op.id);
      if (doc.type) return { status: 'rejected', reason: `record ${op.collection}/${op.id} exists` };
      const acknowledged = created(op.collection, op.id);
      doc.create({ ...op.fields }, JSON0, (error) => {
        if (!error) acknowledged();
        answer(error);
      });
      return { status: 'applied' };
    }
    case 'update': {
      const doc = connection.get(op.collection, op.id);
      if (!doc.type) return { status: 'rejected', reason: `no record ${op.collection}/${op.id}` };
      const data = doc.data as Fields;
      const components = Object.entries(op.fields).map(([field, value]) =>
        field in data ? { p: [field], od: data[field], oi: value } : { p: [field], oi: value },
      );
      doc.submitOp(components, {}, (error) => answer(error));
      return { status: 'applied' };
    }
    case 'delete': {
      const doc = connection.get(op.collection, op.id);
      if (!doc.type) return { status: 'rejected', reason: `no record ${op.collection}/${op.id}` };
      doc.del({}, (error) => answer(error));
      return { status: 'applied' };
    }
    case 'textInsert':
    case 'textDelete': {
      const doc = connection.get(TEXTS, op.doc);
      if (!doc.type) return { status: 'rejected', reason: `text ${op.doc} not loaded yet` };
      const text = (doc.data as TextData).t;
      const component =
        op.kind === 'textInsert'
          ? { p: ['t', op.index], si: op.text }
          : { p: ['t', op.index], sd: text.slice(op.index, op.index + op.length) };
      doc.submitOp([component], {}, (error) => answer(error));
      return { status: 'applied' };
    }
    case 'upgradeSchema':
      throw new UnsupportedOpError('sharedb', op.kind, supported);
  }
}

/** The canonical snapshot of a replica's documents for the collections and texts of `schema`. */
export function snapshotOf(docs: DocSource, schema: SchemaDefinition): Snapshot {
  const collections: Record<string, Record<string, Fields>> = {};
  for (const name of schema.collections) {
    const records: Record<string, Fields> = {};
    for (const id of docs.ids(name)) records[id] = docs.data(name, id) as Fields;
    collections[name] = records;
  }
  const texts: Record<string, string> = {};
  for (const name of schema.texts) texts[name] = textOf(docs, name);
  return { collections, texts };
}

function textOf(docs: DocSource, name: string): string {
  return (docs.data(TEXTS, name) as TextData | undefined)?.t ?? '';
}

/** A point lookup of one record or one text. */
export function readPath(docs: DocSource, path: ReadPath): ReadValue {
  if (path.kind === 'text') return textOf(docs, path.doc);
  return docs.data(path.collection, path.id) as Fields | undefined;
}

/**
 * The client's application moves to schema `version`: it rewrites every record it holds, one
 * submit per record (changed fields replaced, dropped fields removed), which syncs like any edit.
 */
export function upgradeRecords(
  connection: Connection,
  docs: DocSource,
  schema: SchemaDefinition,
  app: AppSchemaVersion,
  version: number,
  answer: Answer,
): ApplyOutcome {
  const refusal = app.refusal(version);
  if (refusal) return { status: 'rejected', reason: refusal };
  const migrate = app.moveTo(version);
  for (const name of schema.collections) {
    for (const id of docs.ids(name)) {
      const fields = docs.data(name, id) as Fields;
      const next = migrate(name, fields);
      const components: object[] = [];
      for (const [key, value] of Object.entries(fields))
        if (!(key in next)) components.push({ p: [key], od: value });
      for (const [key, value] of Object.entries(next))
        if (fields[key] !== value)
          components.push(key in fields ? { p: [key], od: fields[key], oi: value } : { p: [key], oi: value });
      if (components.length > 0) connection.get(name, id).submitOp(components, {}, (error) => answer(error));
    }
  }
  return { status: 'applied' };
}

/** What a client holds: each document's version and data as JSON (ShareDB keeps it in memory). */
export function storedSizeOf(docs: DocSource, schema: SchemaDefinition): StoredSize {
  let bytes = 0;
  const count = (collection: string): void => {
    for (const id of docs.ids(collection))
      bytes += Buffer.byteLength(JSON.stringify({ id, data: docs.data(collection, id) }));
  };
  for (const name of schema.collections) count(name);
  count(TEXTS);
  return { bytes };
}
