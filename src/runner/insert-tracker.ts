/**
 * Tracks tagged inserts so lost ones can be counted: records created and never deleted by anyone,
 * and text tokens inserted and never deleted, that are missing from the final reference state.
 */
import type { Capabilities, Snapshot } from '../contract/contract.ts';
import { tokensIn } from '../scenario/workloads/text-tokens.ts';
import type { OpEffects } from './op-effects.ts';

/** A tagged insert missing from the final state. */
export interface LostInsert {
  readonly kind: 'record' | 'textToken';
  /** `collection/id` or `doc:token`. */
  readonly key: string;
}

export class InsertTracker {
  private readonly created = new Map<string, { collection: string; id: string }>();
  private readonly deleted = new Set<string>();
  private readonly tokens = new Map<string, string>(); // token → doc
  private readonly deletedTokens = new Set<string>();

  /** Records what a local op inserted or deleted. */
  record(effects: OpEffects): void {
    const { record } = effects;
    if (record && effects.createsRecord) this.created.set(record.key, record);
    if (record && effects.deletesRecord) this.deleted.add(record.key);
    for (const token of effects.insertedTokens) this.tokens.set(token, effects.doc ?? '');
    for (const token of effects.deletedTokens) this.deletedTokens.add(token);
  }

  /** Inserts missing from `state`, as `collection/id` or `doc:token`, in insertion order. */
  lost(state: Snapshot): LostInsert[] {
    const missing: LostInsert[] = [];
    for (const [key, { collection, id }] of this.created) {
      if (this.deleted.has(key)) continue;
      if (state.collections[collection]?.[id] === undefined) missing.push({ kind: 'record', key });
    }
    const present = new Map<string, Set<string>>();
    for (const [doc, text] of Object.entries(state.texts)) {
      present.set(doc, new Set(tokensIn(text).map((t) => t.token)));
    }
    for (const [token, doc] of this.tokens) {
      if (this.deletedTokens.has(token)) continue;
      if (!present.get(doc)?.has(token)) missing.push({ kind: 'textToken', key: `${doc}:${token}` });
    }
    return missing;
  }
}

/**
 * Whether an engine's declared semantics allow losing this insert: where text is one
 * last-writer-wins value, a concurrent write replaces the whole string and the tokens the other
 * writer inserted go with it. Records are never lost to merge rules alone.
 */
export function allowedLoss(capabilities: Capabilities, lost: LostInsert): boolean {
  return lost.kind === 'textToken' && capabilities.text === 'lww-value';
}
