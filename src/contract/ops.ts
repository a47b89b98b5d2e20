/**
 * The workload vocabulary every scenario speaks and every adapter maps to its own data model,
 * and the canonical snapshot that convergence compares.
 */
import { kindsOf } from './kinds.ts';

/** A JSON scalar: the only kind of value a record field holds. */
export type FieldValue = string | number | boolean | null;
/** A record's fields by name. */
export type Fields = Readonly<Record<string, FieldValue>>;

/** Creates record `id` in `collection` with `fields`. */
export interface CreateOp {
  readonly kind: 'create';
  readonly collection: string;
  readonly id: string;
  readonly fields: Fields;
}
/** Sets `fields` of an existing record; fields not named keep their values. */
export interface UpdateOp {
  readonly kind: 'update';
  readonly collection: string;
  readonly id: string;
  readonly fields: Fields;
}
/** Deletes a record. */
export interface DeleteOp {
  readonly kind: 'delete';
  readonly collection: string;
  readonly id: string;
}
/** Inserts `text` at UTF-16 offset `index` of text document `doc`. */
export interface TextInsertOp {
  readonly kind: 'textInsert';
  readonly doc: string;
  /** UTF-16 code unit offset into the replica's current text. */
  readonly index: number;
  readonly text: string;
}
/** Deletes `length` UTF-16 code units at `index` of text document `doc`. */
export interface TextDeleteOp {
  readonly kind: 'textDelete';
  readonly doc: string;
  readonly index: number;
  readonly length: number;
}
/** The replica's application moves to schema `version` (see the scenario's migrations). */
export interface UpgradeSchemaOp {
  readonly kind: 'upgradeSchema';
  readonly version: number;
}

/** A local operation: what scenarios issue and adapters apply. */
export type Op = CreateOp | UpdateOp | DeleteOp | TextInsertOp | TextDeleteOp | UpgradeSchemaOp;
/** The kind of an op. */
export type OpKind = Op['kind'];

/** Every op kind, in the order the contract lists them. */
export const OP_KINDS = kindsOf<OpKind>({
  create: true,
  update: true,
  delete: true,
  textInsert: true,
  textDelete: true,
  upgradeSchema: true,
});

/** Where `read` looks: one record, or one text document. */
export type ReadPath =
  | { readonly kind: 'record'; readonly collection: string; readonly id: string }
  | { readonly kind: 'text'; readonly doc: string };

/** A record's fields, a text's content, or undefined when absent. */
export type ReadValue = Fields | string | undefined;

/**
 * Canonical state: `{ collections: { name: { id: { field: value } } }, texts: { doc: string } }`.
 * Every collection and text of the schema is present (possibly empty); deleted records are absent.
 * Key order does not matter here: `canonicalJson` sorts keys when it serialises.
 */
export interface Snapshot {
  readonly collections: Readonly<Record<string, Readonly<Record<string, Fields>>>>;
  readonly texts: Readonly<Record<string, string>>;
}
