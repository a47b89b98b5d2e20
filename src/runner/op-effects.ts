/**
 * What a local op does, in terms the checks can trace: which record it touches and which tagged
 * text tokens it inserts or deletes. Computed on the originating replica just before it applies.
 */
import type { Fields, Op, ReadPath, ReadValue } from '../contract/contract.ts';
import { tokensIn } from '../scenario/workloads/text-tokens.ts';

export interface OpEffects {
  /** `collection/id` for record ops. */
  readonly record?: { readonly collection: string; readonly id: string; readonly key: string };
  /** Fields an update writes. */
  readonly fields?: Fields;
  readonly createsRecord: boolean;
  readonly deletesRecord: boolean;
  readonly doc?: string;
  readonly insertedTokens: readonly string[];
  readonly deletedTokens: readonly string[];
}

/** The traceable effects of `op` on a replica whose current state `read` sees. */
export function effectsOf(op: Op, read: (path: ReadPath) => ReadValue): OpEffects {
  const none = { createsRecord: false, deletesRecord: false, insertedTokens: [], deletedTokens: [] };
  switch (op.kind) {
    case 'create':
    case 'update':
    case 'delete': {
      const record = { collection: op.collection, id: op.id, key: `${op.collection}/${op.id}` };
      return {
        ...none,
        record,
        ...(op.kind === 'update' ? { fields: op.fields } : {}),
        createsRecord: op.kind === 'create',
        deletesRecord: op.kind === 'delete',
      };
    }
    case 'textInsert':
      return { ...none, doc: op.doc, insertedTokens: tokensIn(op.text).map((t) => t.token) };
    case 'textDelete': {
      const text = read({ kind: 'text', doc: op.doc });
      const removed = typeof text === 'string' ? text.slice(op.index, op.index + op.length) : '';
      return { ...none, doc: op.doc, deletedTokens: tokensIn(removed).map((t) => t.token) };
    }
    case 'upgradeSchema':
      return none;
  }
}
