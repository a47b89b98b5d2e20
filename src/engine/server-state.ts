/**
 * The server's authoritative workspace: records with per-field last-writer-wins by hybrid logical
 * clock, deletes that win over concurrent updates, and texts with their operation history for
 * transformation. It validates and applies one client mutation at a time and says what changed.
 */
import type { Fields } from '../../adapters/contract.ts';
import { compareHlc } from './hlc.ts';
import type { Effect, FieldState, Mutation } from './protocol.ts';
import type { TextOperation } from './text-operation.ts';
import { apply, transform } from './text-operation.ts';

export interface RecordState {
  readonly c: string;
  readonly id: string;
  /** Field → [value, stamp, sync id of the change that set it]. */
  readonly f: Record<string, readonly [...FieldState, number]>;
  /** Sync id of the delete, when deleted (a tombstone). */
  del?: number;
}

export interface TextState {
  text: string;
  /** Operations by revision: `history[r]` turned revision r into r + 1. */
  readonly history: TextOperation[];
}

export const recordKey = (collection: string, id: string): string => `${collection}\u0000${id}`;

export type Outcome = { readonly effect: Effect } | { readonly rejected: string };

export class ServerState {
  readonly records = new Map<string, RecordState>();
  readonly texts = new Map<string, TextState>();

  /** Applies `m` as the change with sync id `syncId`. */
  apply(m: Mutation, syncId: number): Outcome {
    switch (m.k) {
      case 'create':
      case 'update':
        return this.write(m.k, m.c, m.id, m.f, m.h, syncId);
      case 'delete': {
        const record = this.records.get(recordKey(m.c, m.id));
        if (!record) return { rejected: `no record ${m.c}/${m.id}` };
        if (record.del !== undefined) return { effect: { k: 'none' } };
        record.del = syncId;
        return { effect: { k: 'deleted', c: m.c, id: m.id } };
      }
      case 'text': {
        const doc = this.text(m.d);
        if (m.r > doc.history.length) return { rejected: `text ${m.d} has no revision ${m.r}` };
        let op = m.op;
        for (const applied of doc.history.slice(m.r)) op = transform(op, applied)[0];
        doc.text = apply(doc.text, op);
        doc.history.push(op);
        return { effect: { k: 'text', d: m.d, r: doc.history.length, op } };
      }
    }
  }

  text(name: string): TextState {
    let doc = this.texts.get(name);
    if (!doc) {
      doc = { text: '', history: [] };
      this.texts.set(name, doc);
    }
    return doc;
  }

  private write(
    kind: 'create' | 'update',
    collection: string,
    id: string,
    fields: Fields,
    stamp: FieldState[1],
    syncId: number,
  ): Outcome {
    const key = recordKey(collection, id);
    let record = this.records.get(key);
    if (record?.del !== undefined) return { rejected: `${collection}/${id} was deleted` };
    if (!record) {
      if (kind === 'update') return { rejected: `no record ${collection}/${id}` };
      record = { c: collection, id, f: {} };
      this.records.set(key, record);
    }
    const won: Record<string, FieldState> = {};
    for (const [field, value] of Object.entries(fields)) {
      const current = record.f[field];
      if (current && compareHlc(stamp, current[1]) <= 0) continue; // a later write already holds it
      record.f[field] = [value, stamp, syncId];
      won[field] = [value, stamp];
    }
    if (Object.keys(won).length === 0) return { effect: { k: 'none' } };
    return { effect: { k: 'fields', c: collection, id, f: won } };
  }
}
