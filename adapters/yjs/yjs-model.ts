/**
 * How the workload vocabulary maps onto a Y.Doc: each collection is a root Y.Map
 * (`records:<name>`) of records, each record a nested Y.Map of fields; each text document a root
 * Y.Text (`text:<name>`). Root types are merged by name, so replicas that create the same
 * collection concurrently never shadow each other's records.
 */
import * as Y from 'yjs';
import type {
  StoredSize,
  ApplyOutcome,
  Fields,
  Op,
  ReadPath,
  ReadValue,
  SchemaDefinition,
  Snapshot,
} from '../../src/contract/contract.ts';
import { UnsupportedOpError } from '../../src/contract/contract.ts';
import type { AppSchemaVersion } from '../../src/contract/app-schema-version.ts';

type RecordMap = Y.Map<Y.Map<Fields[string]>>;

function collection(doc: Y.Doc, name: string): RecordMap {
  return doc.getMap(`records:${name}`);
}

function text(doc: Y.Doc, name: string): Y.Text {
  return doc.getText(`text:${name}`);
}

/**
 * Rewrites every record of the schema's collections with `migrate`, in one transaction: a client
 * whose application moves to a newer schema version rewrites its data, and the rewrite syncs like
 * any edit (changed fields set, dropped fields deleted).
 */
export function rewriteRecords(
  doc: Y.Doc,
  schema: SchemaDefinition,
  migrate: (collection: string, fields: Fields) => Fields,
): void {
  doc.transact(() => {
    for (const name of schema.collections) {
      for (const record of collection(doc, name).values()) {
        const fields = record.toJSON() as Fields;
        const next = migrate(name, fields);
        for (const key of Object.keys(fields)) if (!(key in next)) record.delete(key);
        for (const [key, value] of Object.entries(next)) if (fields[key] !== value) record.set(key, value);
      }
    }
  });
}

/** Applies `op` to `doc` in one transaction (one Yjs update per user action). */
export function applyOp(doc: Y.Doc, op: Op, supported: readonly string[]): ApplyOutcome {
  switch (op.kind) {
    case 'create':
      collection(doc, op.collection).set(op.id, new Y.Map<Fields[string]>(Object.entries(op.fields)));
      return { status: 'applied' };
    case 'update': {
      const record = collection(doc, op.collection).get(op.id);
      if (record === undefined) return { status: 'rejected', reason: `no record ${op.collection}/${op.id}` };
      doc.transact(() => {
        for (const [field, value] of Object.entries(op.fields)) record.set(field, value);
      });
      return { status: 'applied' };
    }
    case 'delete':
      collection(doc, op.collection).delete(op.id);
      return { status: 'applied' };
    case 'textInsert':
      text(doc, op.doc).insert(op.index, op.text);
      return { status: 'applied' };
    case 'textDelete':
      text(doc, op.doc).delete(op.index, op.length);
      return { status: 'applied' };
    case 'upgradeSchema':
      throw new UnsupportedOpError('yjs', op.kind, supported);
  }
}

/**
 * What was read of a doc since it last changed: the harness reads a replica after every delivery,
 * and most deliveries (awareness, heartbeats) change nothing, so a text is turned into a string,
 * and a snapshot built, once per transaction on the doc and not once per read.
 */
interface DocReads {
  snapshot?: { readonly schema: SchemaDefinition; readonly value: Snapshot };
  readonly texts: Map<string, string>;
}
const reads = new WeakMap<Y.Doc, DocReads>();

function readsOf(doc: Y.Doc): DocReads {
  let cached = reads.get(doc);
  if (cached === undefined) {
    const fresh: DocReads = { texts: new Map() };
    // Every transaction, even one that changed nothing (cheaper than 'update', which encodes one).
    doc.on('afterTransaction', () => {
      fresh.snapshot = undefined;
      fresh.texts.clear();
    });
    reads.set(doc, (cached = fresh));
  }
  return cached;
}

/** The canonical snapshot of `doc` for the collections and texts of `schema` (the same object until the doc changes). */
export function snapshotOf(doc: Y.Doc, schema: SchemaDefinition): Snapshot {
  const cached = readsOf(doc);
  if (cached.snapshot?.schema === schema) return cached.snapshot.value;
  const collections: Record<string, Record<string, Fields>> = {};
  for (const name of schema.collections) collections[name] = collection(doc, name).toJSON();
  const texts: Record<string, string> = {};
  for (const name of schema.texts) texts[name] = textOf(doc, name);
  const value = { collections, texts };
  cached.snapshot = { schema, value };
  return value;
}

function textOf(doc: Y.Doc, name: string): string {
  const texts = readsOf(doc).texts;
  let value = texts.get(name);
  if (value === undefined) texts.set(name, (value = text(doc, name).toJSON()));
  return value;
}

/** A point lookup of one record or one text. */
export function readPath(doc: Y.Doc, path: ReadPath): ReadValue {
  if (path.kind === 'text') return textOf(doc, path.doc);
  const record: Fields | undefined = collection(doc, path.collection).get(path.id)?.toJSON();
  return record;
}

/** What a replica stores: the doc's full-state update (v1), with the v2 encoding beside it. */
export function storedSizeOf(doc: Y.Doc): StoredSize {
  const v1 = Y.encodeStateAsUpdate(doc).byteLength;
  const v2 = Y.encodeStateAsUpdateV2(doc).byteLength;
  return { bytes: v1, encodings: { v1, v2 } };
}

/** The client's application moves to schema `version`: it rewrites every record it holds. */
export function upgradeDoc(
  doc: Y.Doc,
  schema: SchemaDefinition,
  app: AppSchemaVersion,
  version: number,
): ApplyOutcome {
  const refusal = app.refusal(version);
  if (refusal) return { status: 'rejected', reason: refusal };
  rewriteRecords(doc, schema, app.moveTo(version));
  return { status: 'applied' };
}
