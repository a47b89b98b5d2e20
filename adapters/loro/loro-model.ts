/**
 * How the workload vocabulary maps onto a LoroDoc: each collection is a root LoroMap
 * (`records:<name>`) of records, each record a LoroMap attached under its id (`setContainer`),
 * each field a value in it; each text document a root LoroText (`text:<name>`). Root containers
 * are merged by name, so replicas that create the same collection concurrently never shadow each
 * other's records. Concurrent writes to one field: the later Lamport timestamp wins, ties by peer
 * id (Loro's map rule). Every op is one commit (one change, one local update, per user action),
 * and a batch one commit for all its ops.
 */
import { LoroDoc, LoroMap } from 'loro-crdt';
import type { LoroText } from 'loro-crdt';
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

type Value = Fields[string];

function collection(doc: LoroDoc, name: string): LoroMap {
  return doc.getMap(`records:${name}`);
}

function text(doc: LoroDoc, name: string): LoroText {
  return doc.getText(`text:${name}`);
}

function record(doc: LoroDoc, name: string, id: string): LoroMap | undefined {
  const value: unknown = collection(doc, name).get(id);
  return value instanceof LoroMap ? value : undefined;
}

/** Applies `op` to `doc`, as one commit unless `commit` is false (a batch commits once, after its last op). */
export function applyOp(doc: LoroDoc, op: Op, supported: readonly string[], commit = true): ApplyOutcome {
  switch (op.kind) {
    case 'create': {
      const fresh = collection(doc, op.collection).setContainer(op.id, new LoroMap());
      for (const [field, value] of Object.entries(op.fields)) fresh.set(field, value);
      break;
    }
    case 'update': {
      const target = record(doc, op.collection, op.id);
      if (target === undefined) return { status: 'rejected', reason: `no record ${op.collection}/${op.id}` };
      for (const [field, value] of Object.entries(op.fields)) target.set(field, value);
      break;
    }
    case 'delete':
      collection(doc, op.collection).delete(op.id);
      break;
    case 'textInsert':
      text(doc, op.doc).insert(op.index, op.text);
      break;
    case 'textDelete':
      text(doc, op.doc).delete(op.index, op.length);
      break;
    case 'upgradeSchema':
      throw new UnsupportedOpError('loro', op.kind, supported);
  }
  if (commit) doc.commit();
  return { status: 'applied' };
}

/**
 * Rewrites every record of the schema's collections with `migrate`, in one commit: a client whose
 * application moves to a newer schema version rewrites its data, and the rewrite syncs like any
 * edit (changed fields set, dropped fields deleted).
 */
function rewriteRecords(
  doc: LoroDoc,
  schema: SchemaDefinition,
  migrate: (collection: string, fields: Fields) => Fields,
): void {
  for (const name of schema.collections) {
    const records = collection(doc, name);
    for (const id of records.keys() as string[]) {
      const target = record(doc, name, id);
      if (target === undefined) continue;
      const fields = target.toJSON() as Fields;
      const next = migrate(name, fields);
      for (const key of Object.keys(fields)) if (!(key in next)) target.delete(key);
      for (const [key, value] of Object.entries(next)) if (fields[key] !== value) target.set(key, value);
    }
  }
  doc.commit();
}

/** The client's application moves to schema `version`: it rewrites every record it holds. */
export function upgradeDoc(
  doc: LoroDoc,
  schema: SchemaDefinition,
  app: AppSchemaVersion,
  version: number,
): ApplyOutcome {
  const refusal = app.refusal(version);
  if (refusal) return { status: 'rejected', reason: refusal };
  rewriteRecords(doc, schema, app.moveTo(version));
  return { status: 'applied' };
}

/**
 * What was read of a doc at its current op count: the harness reads a replica after every
 * delivery, and most deliveries (pings, acks) change nothing. A doc's ops only grow, so its op
 * count names its state.
 */
interface DocReads {
  opCount: number;
  snapshot?: { readonly schema: SchemaDefinition; readonly value: Snapshot };
  readonly texts: Map<string, string>;
}
const reads = new WeakMap<LoroDoc, DocReads>();

function readsOf(doc: LoroDoc): DocReads {
  const opCount = doc.opCount();
  let cached = reads.get(doc);
  if (cached === undefined) reads.set(doc, (cached = { opCount, texts: new Map() }));
  if (cached.opCount !== opCount) {
    cached.opCount = opCount;
    cached.snapshot = undefined;
    cached.texts.clear();
  }
  return cached;
}

function textOf(doc: LoroDoc, name: string): string {
  const texts = readsOf(doc).texts;
  let value = texts.get(name);
  if (value === undefined) texts.set(name, (value = text(doc, name).toString()));
  return value;
}

/** The canonical snapshot of `doc` for the collections and texts of `schema`. */
export function snapshotOf(doc: LoroDoc, schema: SchemaDefinition): Snapshot {
  const cached = readsOf(doc);
  if (cached.snapshot?.schema === schema) return cached.snapshot.value;
  const collections: Record<string, Record<string, Fields>> = {};
  for (const name of schema.collections)
    collections[name] = collection(doc, name).toJSON() as Record<string, Fields>;
  const texts: Record<string, string> = {};
  for (const name of schema.texts) texts[name] = textOf(doc, name);
  const value = { collections, texts };
  cached.snapshot = { schema, value };
  return value;
}

/** A point lookup of one record or one text. */
export function readPath(doc: LoroDoc, path: ReadPath): ReadValue {
  if (path.kind === 'text') return textOf(doc, path.doc);
  return record(doc, path.collection, path.id)?.toJSON() as Record<string, Value> | undefined;
}

/** What a replica stores: the doc's snapshot (history and state), with its updates encoding beside it. */
export function storedSizeOf(doc: LoroDoc): StoredSize {
  const snapshot = doc.export({ mode: 'snapshot' }).byteLength;
  const updates = doc.export({ mode: 'update' }).byteLength;
  return { bytes: snapshot, encodings: { snapshot, updates } };
}

/** A document restored from the bytes a server holds (a snapshot, or nothing). */
export function docFrom(bytes: Uint8Array | undefined): LoroDoc {
  const doc = new LoroDoc();
  if (bytes && bytes.length > 0) doc.import(bytes);
  return doc;
}
