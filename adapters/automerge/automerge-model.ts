/**
 * How the workload vocabulary maps onto an Automerge document: `records[collection][id]` is a map
 * of fields, `texts[name]` an Automerge text edited with `splice`. Every replica starts from the
 * same genesis change (fixed actor, time 0) that creates these containers, so they share one
 * history; containers created concurrently on two replicas would conflict, and one replica's
 * records would vanish behind the other's map.
 */
import * as A from '@automerge/automerge';
import type {
  ApplyOutcome,
  Fields,
  Op,
  ReadPath,
  ReadValue,
  SchemaDefinition,
  Snapshot,
} from '../../src/contract/contract.ts';
import { UnsupportedOpError } from '../../src/contract/contract.ts';
import { VIRTUAL_EPOCH_MS } from '../../src/sim/virtual-runtime.ts';

export interface WorkspaceDoc {
  records: Record<string, Record<string, Record<string, Fields[string]>>>;
  texts: Record<string, string>;
}

export type WorkspaceDocument = A.Doc<WorkspaceDoc>;

const GENESIS_ACTOR = '00'.repeat(16);

/** The shared first change: identical bytes (and so one hash) on every replica. */
export function genesis(schema: SchemaDefinition): Uint8Array {
  const doc = A.change(A.init<WorkspaceDoc>({ actor: GENESIS_ACTOR }), { time: 0 }, (d) => {
    d.records = Object.fromEntries(schema.collections.map((name) => [name, {}]));
    d.texts = Object.fromEntries(schema.texts.map((name) => [name, '']));
  });
  return A.save(doc);
}

/**
 * A change's time as a deployment stamps it (the wall clock in whole seconds), from the virtual
 * clock's fixed epoch. The epoch is fixed here rather than read from `Date.now` because the
 * virtual runtime's epoch moves on from run to run in one process, and Automerge compresses
 * changes, so their size would depend on earlier runs.
 */
export function deployedChangeTime(virtualMs: number): number {
  return Math.floor((VIRTUAL_EPOCH_MS + virtualMs) / 1000);
}

/**
 * Makes `ops` inside one change (a user action, or a batch written at once); one outcome per op.
 * `upgradeSchema` is not an edit: it is refused before any change is made.
 */
export function mutateAll(d: WorkspaceDoc, ops: readonly Op[], supported: readonly string[]): ApplyOutcome[] {
  for (const op of ops)
    if (op.kind === 'upgradeSchema') throw new UnsupportedOpError('automerge', op.kind, supported);
  return ops.map((op) => mutate(d, op));
}

/** Makes one op's edits inside a change. */
function mutate(d: WorkspaceDoc, op: Op): ApplyOutcome {
  const applied = { status: 'applied' } as const;
  switch (op.kind) {
    case 'create': {
      const records = d.records[op.collection];
      if (records) records[op.id] = { ...op.fields };
      else d.records[op.collection] = { [op.id]: { ...op.fields } };
      return applied;
    }
    case 'update': {
      const record = d.records[op.collection]?.[op.id];
      if (record === undefined) return { status: 'rejected', reason: `no record ${op.collection}/${op.id}` };
      Object.assign(record, op.fields);
      return applied;
    }
    case 'delete': {
      const records = d.records[op.collection];
      if (records) delete records[op.id];
      return applied;
    }
    case 'textInsert':
      A.splice(d, ['texts', op.doc], op.index, 0, op.text);
      return applied;
    case 'textDelete':
      A.splice(d, ['texts', op.doc], op.index, op.length);
      return applied;
    case 'upgradeSchema':
      throw new Error('unreachable: upgradeSchema is refused before the change');
  }
}

/**
 * Rewrites every record of the schema's collections with `migrate`, inside one change: a client
 * whose application moves to a newer schema version rewrites its data, and the change syncs like
 * any edit.
 */
export function rewriteAll(
  d: WorkspaceDoc,
  schema: SchemaDefinition,
  migrate: (collection: string, fields: Fields) => Fields,
): void {
  for (const name of schema.collections) {
    for (const [id, record] of Object.entries(d.records[name] ?? {})) {
      const fields = { ...record } as Fields;
      const next = migrate(name, fields);
      const target = d.records[name]?.[id];
      if (!target) continue;
      for (const key of Object.keys(fields)) if (!(key in next)) delete target[key];
      for (const [key, value] of Object.entries(next)) if (fields[key] !== value) target[key] = value;
    }
  }
}

/** The canonical snapshot of `doc` for the collections and texts of `schema`. */
export function snapshotOf(doc: WorkspaceDocument, schema: SchemaDefinition): Snapshot {
  const collections: Record<string, Record<string, Fields>> = {};
  for (const name of schema.collections) {
    const records: Record<string, Fields> = {};
    for (const [id, record] of Object.entries(doc.records[name] ?? {})) records[id] = { ...record };
    collections[name] = records;
  }
  const texts: Record<string, string> = {};
  for (const name of schema.texts) texts[name] = doc.texts[name] ?? '';
  return { collections, texts };
}

/** A point lookup of one record or one text. */
export function readPath(doc: WorkspaceDocument, path: ReadPath): ReadValue {
  if (path.kind === 'text') return doc.texts[path.doc] ?? '';
  const record = doc.records[path.collection]?.[path.id];
  return record === undefined ? undefined : { ...record };
}
