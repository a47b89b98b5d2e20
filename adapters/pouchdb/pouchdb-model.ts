/**
 * How the workload vocabulary maps onto PouchDB documents: a record is one document
 * `<collection>:<id>` holding `{ collection, fields }`; a text is one document `$text:<name>`
 * holding the whole string in `text`, so concurrent edits to it are concurrent revisions of one
 * value and the deterministic winner replaces the others (last writer wins by revision).
 */
import type {
  Fields,
  Op,
  ReadPath,
  ReadValue,
  SchemaDefinition,
  Snapshot,
} from '../../src/contract/contract.ts';
import type { DocumentEntry } from '../../src/contract/whole-documents.ts';
import { snapshotFromDocuments, spliceText } from '../../src/contract/whole-documents.ts';
import type { PouchDoc } from './pouch.ts';

export function recordDocId(collection: string, id: string): string {
  return `${collection}:${id}`;
}

export function textDocId(name: string): string {
  return `$text:${name}`;
}

interface RecordDoc extends PouchDoc {
  readonly collection: string;
  readonly fields: Fields;
}

function isRecord(doc: PouchDoc): doc is RecordDoc {
  return typeof doc.collection === 'string' && typeof doc.fields === 'object';
}

/** The document write an op makes against the current winning revisions, or why it cannot. */
export function writeFor(op: Op, current: (id: string) => PouchDoc | undefined): PouchDoc | string {
  switch (op.kind) {
    case 'create': {
      const _id = recordDocId(op.collection, op.id);
      return withRev({ _id, collection: op.collection, fields: { ...op.fields } }, current(_id));
    }
    case 'update': {
      const existing = current(recordDocId(op.collection, op.id));
      if (!existing || !isRecord(existing)) return `no record ${op.collection}/${op.id}`;
      return { ...existing, fields: { ...existing.fields, ...op.fields } };
    }
    case 'delete': {
      const existing = current(recordDocId(op.collection, op.id));
      if (!existing) return `no record ${op.collection}/${op.id}`;
      return { _id: existing._id, _rev: existing._rev, _deleted: true };
    }
    case 'textInsert':
    case 'textDelete': {
      const _id = textDocId(op.doc);
      const existing = current(_id);
      const text = typeof existing?.text === 'string' ? existing.text : '';
      return withRev({ _id, text: spliceText(text, op) }, existing);
    }
    case 'upgradeSchema':
      throw new Error('unreachable: upgradeSchema is refused before writeFor');
  }
}

function withRev(doc: PouchDoc, existing: PouchDoc | undefined): PouchDoc {
  return existing?._rev ? { ...doc, _rev: existing._rev } : doc;
}

/** The canonical snapshot of the winning revisions in `docs`. */
export function snapshotOf(docs: ReadonlyMap<string, PouchDoc>, schema: SchemaDefinition): Snapshot {
  return snapshotFromDocuments(schema, [...docs.values()].map(entryOf));
}

function entryOf(doc: PouchDoc): DocumentEntry {
  if (isRecord(doc))
    return {
      kind: 'record',
      collection: doc.collection,
      id: doc._id.slice(doc.collection.length + 1),
      fields: doc.fields,
    };
  if (typeof doc.text === 'string' && doc._id.startsWith('$text:'))
    return { kind: 'text', name: doc._id.slice('$text:'.length), text: doc.text };
  return undefined;
}

export function readPath(docs: ReadonlyMap<string, PouchDoc>, path: ReadPath): ReadValue {
  if (path.kind === 'text') {
    const text = docs.get(textDocId(path.doc))?.text;
    return typeof text === 'string' ? text : '';
  }
  const doc = docs.get(recordDocId(path.collection, path.id));
  return doc && isRecord(doc) ? { ...doc.fields } : undefined;
}
