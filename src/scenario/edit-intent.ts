/**
 * Local edits given by intent rather than as concrete ops (`edit` steps): "update a record this
 * replica has", "insert a token at a token boundary", "delete a token". They are resolved on the
 * replica at the moment they happen, so any sequence of them is valid whatever the replica holds
 * then: the fuzzer generates them as plain data, and a shrunk case stays valid. Inserted tokens
 * and created ids are tagged per replica, so lost inserts can be traced; string field values
 * carry the tag of the edit that wrote them (`value-tags.ts`), so every write can be traced too.
 */
import type {
  FieldValue,
  Fields,
  Op,
  ReadPath,
  ReadValue,
  SchemaDefinition,
  Snapshot,
} from '../contract/contract.ts';
import { kindsOf } from '../contract/kinds.ts';
import { fieldsUpTo, latestSchemaVersion } from '../contract/schema-lens.ts';
import { editTag, tagFields } from './value-tags.ts';
import { makeToken, tokenBoundaries, tokensIn } from './workloads/text-tokens.ts';

/** `slot` picks among what is there (modulo how many), so every value is valid. */
export type EditIntent =
  | {
      readonly kind: 'create';
      readonly collection: string;
      readonly fields: Readonly<Record<string, FieldValue>>;
    }
  | {
      readonly kind: 'update';
      readonly collection: string;
      readonly slot: number;
      readonly fields: Readonly<Record<string, FieldValue>>;
    }
  | { readonly kind: 'delete'; readonly collection: string; readonly slot: number }
  | { readonly kind: 'insert'; readonly doc: string; readonly slot: number }
  | { readonly kind: 'erase'; readonly doc: string; readonly slot: number }
  /** The replica's app moves to the next schema version (nothing to act on at the newest). */
  | { readonly kind: 'upgrade' };

/** Every edit intent kind. */
export const EDIT_KINDS = kindsOf<EditIntent['kind']>({
  create: true,
  update: true,
  delete: true,
  insert: true,
  erase: true,
  upgrade: true,
});

/** The op kind each intent becomes. */
export const EDIT_OP_KIND = {
  create: 'create',
  update: 'update',
  delete: 'delete',
  insert: 'textInsert',
  erase: 'textDelete',
  upgrade: 'upgradeSchema',
} as const satisfies Record<EditIntent['kind'], Op['kind']>;

/** What the intent reads of the replica. */
export interface EditView {
  snapshot(): Snapshot;
  read(path: ReadPath): ReadValue;
}

/** The replica's text `doc` ('' where it has none). */
function textOf(view: EditView, doc: string): string {
  const text = view.read({ kind: 'text', doc });
  return typeof text === 'string' ? text : '';
}

/** The schema, and the version the replica's app is at (absent: the schema's starting version). */
export interface EditSchema {
  readonly schema: SchemaDefinition;
  readonly version: number;
}

/**
 * The op `edit` means on `view`, for the `seq`-th edit of `replica`; undefined when there is
 * nothing to act on (no record to update or delete, no token to erase, no newer schema). An
 * intent's fields are named as the schema's starting version names them; an app at a later
 * version writes them as its version does (renamed, and a create with the added fields'
 * defaults), then every string value is tagged.
 */
export function resolveEdit(
  edit: EditIntent,
  replica: string,
  seq: number,
  view: EditView,
  at?: EditSchema,
): Op | undefined {
  const tag = `${replica.toLowerCase()}-e`;
  const written = (collection: string, fields: Fields, partial: boolean): Fields => {
    const moved = at
      ? fieldsUpTo(at.schema, at.schema.version ?? 1, at.version, collection, fields, partial)
      : fields;
    return tagFields(moved, editTag(replica, seq));
  };
  switch (edit.kind) {
    case 'upgrade':
      return at && at.version < latestSchemaVersion(at.schema)
        ? { kind: 'upgradeSchema', version: at.version + 1 }
        : undefined;
    case 'create':
      return {
        kind: 'create',
        collection: edit.collection,
        id: editTag(replica, seq),
        fields: written(edit.collection, edit.fields, false),
      };
    case 'update':
    case 'delete': {
      const ids = Object.keys(view.snapshot().collections[edit.collection] ?? {}).sort();
      const id = ids[edit.slot % Math.max(1, ids.length)];
      if (id === undefined) return undefined;
      return edit.kind === 'update'
        ? {
            kind: 'update',
            collection: edit.collection,
            id,
            fields: written(edit.collection, edit.fields, true),
          }
        : { kind: 'delete', collection: edit.collection, id };
    }
    case 'insert': {
      const text = textOf(view, edit.doc);
      const boundaries = tokenBoundaries(text);
      const index = boundaries[edit.slot % boundaries.length] ?? 0;
      return { kind: 'textInsert', doc: edit.doc, index, text: makeToken(tag, seq) };
    }
    case 'erase': {
      const text = textOf(view, edit.doc);
      const tokens = tokensIn(text);
      const token = tokens[edit.slot % Math.max(1, tokens.length)];
      if (!token) return undefined;
      return { kind: 'textDelete', doc: edit.doc, index: token.index, length: token.token.length };
    }
  }
}
