/**
 * Text edits applied to a whole string, for engines that store a text as one value (PouchDB,
 * RxDB): the edit rewrites the string, and the engine replicates the result as a whole.
 */
import type { TextDeleteOp, TextInsertOp } from './ops.ts';

export function spliceText(text: string, op: TextInsertOp | TextDeleteOp): string {
  return op.kind === 'textInsert'
    ? text.slice(0, op.index) + op.text + text.slice(op.index)
    : text.slice(0, op.index) + text.slice(op.index + op.length);
}
