/**
 * How the workload vocabulary maps onto one RxDB collection (one per client, because the free
 * RxDB opens at most 13 collections per process): a record is a document `<collection>:<id>` with
 * `{ kind: 'record', table, fields }`; a text is a document `$text:<name>` holding the whole string.
 * (`collection` cannot be a top-level field: RxDocument reserves it.)
 */
import type {
  Fields,
  Op,
  ReadPath,
  ReadValue,
  SchemaDefinition,
  SchemaMigration,
  Snapshot,
} from '../../src/contract/contract.ts';
import type { DocumentEntry } from '../../src/contract/whole-documents.ts';
import { snapshotFromDocuments, spliceText } from '../../src/contract/whole-documents.ts';

export interface WorkspaceDoc {
  readonly id: string;
  readonly kind: 'record' | 'text';
  readonly table?: string;
  readonly fields?: Fields;
  readonly text?: string;
}

export const COLLECTION_NAME = 'workspace';

/**
 * The RxDB JSON schema of the one collection at a scenario schema version (RxDB counts from 0,
 * scenarios from 1). The document shape is the same at every version: what changes between
 * versions is the fields inside `fields`, which migrations rewrite.
 */
export function workspaceSchema(version: number) {
  return { ...WORKSPACE_SCHEMA, version: version - 1 };
}

/**
 * RxDB `migrationStrategies` for every version up to `version`: each rewrites a record's fields
 * with the scenario's migration to that version (identity where the scenario has none, i.e.
 * versions at or before the one replicas start at).
 */
export function migrationStrategies(
  version: number,
  migrations: readonly SchemaMigration[],
): Record<number, (doc: WorkspaceDoc) => WorkspaceDoc> {
  const strategies: Record<number, (doc: WorkspaceDoc) => WorkspaceDoc> = {};
  for (let v = 2; v <= version; v++) {
    const migration = migrations.find((m) => m.version === v);
    strategies[v - 1] = (doc) =>
      migration && doc.kind === 'record' && doc.table !== undefined
        ? { ...doc, fields: migration.up(doc.table, doc.fields ?? {}) }
        : doc;
  }
  return strategies;
}

const WORKSPACE_SCHEMA = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 200 },
    kind: { type: 'string' },
    table: { type: 'string' },
    fields: { type: 'object' },
    text: { type: 'string' },
  },
  required: ['id', 'kind'],
} as const;

const recordId = (collection: string, id: string): string => `${collection}:${id}`;
const textId = (name: string): string => `$text:${name}`;

/** What an op writes (`null` deletes the record), or why it cannot be applied. */
export type Write = { readonly id: string; readonly doc: WorkspaceDoc | null } | string;

export function writeFor(op: Op, current: (id: string) => WorkspaceDoc | undefined): Write {
  switch (op.kind) {
    case 'create': {
      const id = recordId(op.collection, op.id);
      return { id, doc: { id, kind: 'record', table: op.collection, fields: { ...op.fields } } };
    }
    case 'update': {
      const id = recordId(op.collection, op.id);
      const existing = current(id);
      if (!existing) return `no record ${op.collection}/${op.id}`;
      return { id, doc: { ...existing, fields: { ...existing.fields, ...op.fields } } };
    }
    case 'delete': {
      const id = recordId(op.collection, op.id);
      return current(id) ? { id, doc: null } : `no record ${op.collection}/${op.id}`;
    }
    case 'textInsert':
    case 'textDelete': {
      const id = textId(op.doc);
      return { id, doc: { id, kind: 'text', text: spliceText(current(id)?.text ?? '', op) } };
    }
    case 'upgradeSchema':
      throw new Error('unreachable: the client migrates its database itself');
  }
}

export function snapshotOf(docs: ReadonlyMap<string, WorkspaceDoc>, schema: SchemaDefinition): Snapshot {
  return snapshotFromDocuments(schema, [...docs.values()].map(entryOf));
}

function entryOf(doc: WorkspaceDoc): DocumentEntry {
  if (doc.kind === 'record' && doc.table !== undefined)
    return {
      kind: 'record',
      collection: doc.table,
      id: doc.id.slice(doc.table.length + 1),
      fields: doc.fields ?? {},
    };
  if (doc.kind === 'text') return { kind: 'text', name: doc.id.slice('$text:'.length), text: doc.text ?? '' };
  return undefined;
}

export function readPath(docs: ReadonlyMap<string, WorkspaceDoc>, path: ReadPath): ReadValue {
  if (path.kind === 'text') return docs.get(textId(path.doc))?.text ?? '';
  const doc = docs.get(recordId(path.collection, path.id));
  return doc?.kind === 'record' ? { ...doc.fields } : undefined;
}
