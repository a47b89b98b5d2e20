/**
 * The server's authoritative workspace: records with per-field last-writer-wins by hybrid logical
 * clock, deletes that win over concurrent updates, and texts with their operation history for
 * transformation. It validates and applies one client mutation at a time and says what changed.
 */
import type { Fields, Subscription } from '../contract/contract.ts';
import { compareHlc } from './hlc.ts';
import type { Effect, FieldState, Mutation } from './protocol.ts';
import type { TextOperation } from './text-operation.ts';
import { transform } from './text-operation.ts';
import { TextRope } from './text-rope.ts';

export interface RecordState {
  readonly c: string;
  readonly id: string;
  /** Field → [value, stamp, sync id of the change that set it]. */
  readonly f: Record<string, readonly [...FieldState, number]>;
  /** Sync id of the delete, when deleted (a tombstone). */
  del?: number;
  /** Sync id of an update that brought the record back after a delete (`update-wins`). */
  back?: number;
}

export interface TextState {
  readonly text: TextRope;
  /** Revision of the text. */
  rev: number;
  /** The latest operations: `history[i]` turned revision `rev - history.length + i` into the next. */
  history: TextHistoryEntry[];
}

/** A past text operation and, when a client's transaction made it, its author and number. */
export type TextHistoryEntry = readonly [TextOperation, string?, number?];

/** How many past operations of a text the server keeps for transforming late ones. */
export const TEXT_HISTORY = 2_000;

/** Whether a record belongs to a subscription (no subscription: everything does). */
export function inSubscription(
  record: RecordState | undefined,
  subscription: Subscription | undefined,
): boolean {
  if (!subscription) return true;
  if (!record || record.del !== undefined || record.c !== subscription.collection) return false;
  return Object.entries(subscription.where).every(([field, value]) => record.f[field]?.[0] === value);
}

export const recordKey = (collection: string, id: string): string => `${collection}\u0000${id}`;

/** A record's fields with their stamps, as clients receive them. */
export function fieldStates(record: RecordState): Record<string, FieldState> {
  return Object.fromEntries(
    Object.entries(record.f).map(([field, [value, stamp]]) => [field, [value, stamp] as const]),
  );
}

/** A record's plain field values. */
export function fieldValues(record: RecordState): Fields {
  return Object.fromEntries(Object.entries(record.f).map(([field, [value]]) => [field, value]));
}

export type Outcome = { readonly effect: Effect } | { readonly rejected: string };

export class ServerState {
  readonly records = new Map<string, RecordState>();
  readonly texts = new Map<string, TextState>();

  constructor(private readonly deleteVsUpdate: 'delete-wins' | 'update-wins' = 'delete-wins') {}

  /** Applies `m` (transaction `origin`) as the change with sync id `syncId`. */
  apply(m: Mutation, syncId: number, origin: readonly [string, number]): Outcome {
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
        const oldest = doc.rev - doc.history.length;
        if (m.r > doc.rev || m.r < oldest)
          return {
            rejected: `text ${m.d}: revision ${m.r} is outside the kept history (${oldest}–${doc.rev})`,
          };
        let op = m.op;
        for (const [applied] of doc.history.slice(m.r - oldest)) op = transform(op, applied)[0];
        this.applyText(doc, op, origin);
        return { effect: { k: 'text', d: m.d, r: doc.rev, op } };
      }
    }
  }

  /** Appends an operation to a text, forgetting history beyond `TEXT_HISTORY`. */
  applyText(doc: TextState, op: TextOperation, origin?: readonly [string, number]): void {
    doc.text.apply(op);
    doc.rev++;
    doc.history.push(origin ? [op, origin[0], origin[1]] : [op]);
    if (doc.history.length > TEXT_HISTORY) doc.history.splice(0, doc.history.length - TEXT_HISTORY);
  }

  /** Drops tombstones of records deleted at or before `syncId`. */
  collectTombstones(syncId: number): void {
    for (const [key, record] of this.records)
      if (record.del !== undefined && record.del <= syncId) this.records.delete(key);
  }

  text(name: string): TextState {
    let doc = this.texts.get(name);
    if (!doc) {
      doc = { text: new TextRope(), rev: 0, history: [] };
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
    let revived = false;
    if (record?.del !== undefined) {
      if (kind === 'create' || this.deleteVsUpdate === 'delete-wins')
        return { rejected: `${collection}/${id} was deleted` };
      delete record.del; // the update wins: the record comes back with everything it had
      record.back = syncId;
      revived = true;
    }
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
    if (revived)
      return {
        effect: {
          k: 'fields',
          c: collection,
          id,
          f: fieldStates(record),
        },
      };
    if (Object.keys(won).length === 0) return { effect: { k: 'none' } };
    return { effect: { k: 'fields', c: collection, id, f: won } };
  }
}
