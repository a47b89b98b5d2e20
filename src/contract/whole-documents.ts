/**
 * Helpers for engines that keep the workspace as whole documents — one per record, one per
 * text holding the entire string (PouchDB, RxDB): a text edit rewrites the string, and the
 * canonical snapshot is assembled from the documents.
 */
import type { Fields, SchemaDefinition, Snapshot } from './contract.ts';
import type { TextDeleteOp, TextInsertOp } from './ops.ts';

export function spliceText(text: string, op: TextInsertOp | TextDeleteOp): string {
  return op.kind === 'textInsert'
    ? text.slice(0, op.index) + op.text + text.slice(op.index)
    : text.slice(0, op.index) + text.slice(op.index + op.length);
}

/** What one stored document contributes to the snapshot (nothing, for documents of other kinds). */
export type DocumentEntry =
  | { readonly kind: 'record'; readonly collection: string; readonly id: string; readonly fields: Fields }
  | { readonly kind: 'text'; readonly name: string; readonly text: string }
  | undefined;

/** The canonical snapshot of the live (non-deleted) documents, every schema collection and text present. */
export function snapshotFromDocuments(schema: SchemaDefinition, entries: Iterable<DocumentEntry>): Snapshot {
  const collections: Record<string, Record<string, Fields>> = {};
  for (const name of schema.collections) collections[name] = {};
  const texts: Record<string, string> = {};
  for (const name of schema.texts) texts[name] = '';
  for (const entry of entries) {
    if (entry?.kind === 'record') (collections[entry.collection] ??= {})[entry.id] = { ...entry.fields };
    else if (entry?.kind === 'text') texts[entry.name] = entry.text;
  }
  return { collections, texts };
}
