/**
 * Local edits given by intent rather than as concrete ops (`edit` steps): "update a record this
 * replica has", "insert a token at a token boundary", "delete a token". They are resolved on the
 * replica at the moment they happen, so any sequence of them is valid whatever the replica holds
 * then: the fuzzer generates them as plain data, and a shrunk case stays valid. Inserted tokens
 * and created ids are tagged per replica, so lost inserts can be traced; string field values
 * carry the tag of the edit that wrote them (`value-tags.ts`), so every write can be traced too.
 */
import type { FieldValue, Op, ReadPath, ReadValue, Snapshot } from '../contract/contract.ts';
import { kindsOf } from '../contract/kinds.ts';
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
  | { readonly kind: 'erase'; readonly doc: string; readonly slot: number };

/** Every edit intent kind. */
export const EDIT_KINDS = kindsOf<EditIntent['kind']>({
  create: true,
  update: true,
  delete: true,
  insert: true,
  erase: true,
});

/** The op kind each intent becomes. */
export const EDIT_OP_KIND = {
  create: 'create',
  update: 'update',
  delete: 'delete',
  insert: 'textInsert',
  erase: 'textDelete',
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

/**
 * The op `edit` means on `view`, for the `seq`-th edit of `replica`; undefined when there is
 * nothing to act on (no record to update or delete, no token to erase).
 */
export function resolveEdit(edit: EditIntent, replica: string, seq: number, view: EditView): Op | undefined {
  const tag = `${replica.toLowerCase()}-e`;
  switch (edit.kind) {
    case 'create':
      return {
        kind: 'create',
        collection: edit.collection,
        id: editTag(replica, seq),
        fields: tagFields(edit.fields, editTag(replica, seq)),
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
            fields: tagFields(edit.fields, editTag(replica, seq)),
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
