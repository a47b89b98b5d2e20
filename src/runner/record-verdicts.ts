/**
 * What the history checker (`history.ts`) says of one record present in the converged state,
 * under the engine's merge rule: field by field (`lww-field`), or as one version (the other record
 * rules). Both take the record's writes already moved to the newest schema version.
 */
import type { FieldValue, Fields, SchemaDefinition } from '../contract/contract.ts';
import { canonicalJson } from '../contract/canonical.ts';
import { kindsOf } from '../contract/kinds.ts';
import { addedDefaults } from '../contract/schema-lens.ts';
import { valueTag } from '../scenario/value-tags.ts';
import type { RecordHistory, RecordWrite, Write } from './write-history.ts';
import { splitKey } from './write-history.ts';

export type ViolationKind = 'duplicate' | 'phantom' | 'lost update' | 'lost delete' | 'refused write';
export const VIOLATION_KINDS = kindsOf<ViolationKind>({
  duplicate: true,
  phantom: true,
  'lost update': true,
  'lost delete': true,
  'refused write': true,
});

/** One thing the final state should not hold, with the write it concerns and where that was made. */
export interface Violation {
  readonly kind: ViolationKind;
  /** `collection/id`, `collection/id.field`, `doc` or `doc:token`. */
  readonly key: string;
  /** The replica the write was made on ('' where no write made it: a phantom). */
  readonly replica: string;
  /** The write, as `c2 update items/c1-e1 {"status":"done#c2-e3"} at 2.5 s`. */
  readonly op: string;
  readonly detail: string;
}

/** A value, record or text that no write made. */
export function phantom(key: string, detail: string): Violation {
  return { kind: 'phantom', key, replica: '', op: '', detail };
}

/** A write whose value should have stayed, or that had replaced the value that did. */
export function lostUpdate(key: string, write: Write, detail: string): Violation {
  return { kind: 'lost update', key, replica: write.replica, op: write.label, detail };
}

type Writer = readonly [RecordWrite, number];

/**
 * Field-level merge: each field holds the value of a write of it that no write of it had seen
 * (or, for a record from before a migration that added the field, its default).
 */
export function fieldViolations(
  key: string,
  history: RecordHistory,
  present: Fields,
  deleted: boolean,
  schema: SchemaDefinition,
): Violation[] {
  const out: Violation[] = [];
  const collection = splitKey(key)[0];
  const names = new Set([...Object.keys(present), ...history.writes.flatMap((w) => Object.keys(w.fields))]);
  for (const field of [...names].sort()) {
    const at = `${key}.${field}`;
    const value = present[field];
    const writers: Writer[] = history.writes
      .map((w, n) => [w, n] as const)
      .filter(([w]) => w.kind !== 'delete' && field in w.fields);
    if (value === undefined) {
      const lost = writers.at(-1)?.[0];
      if (lost && !deleted) out.push(lostUpdate(at, lost, 'the field is gone'));
      continue;
    }
    const defaults = addedDefaults(schema, collection, field);
    const violation =
      typeof value === 'string'
        ? taggedField(at, field, value, history, writers, defaults)
        : untaggedField(at, field, value, history, writers, defaults);
    if (violation) out.push(violation);
  }
  return out;
}

function taggedField(
  at: string,
  field: string,
  value: string,
  history: RecordHistory,
  writers: readonly Writer[],
  defaults: readonly FieldValue[],
): Violation | undefined {
  const tag = valueTag(value);
  const holder = writers.find(([w]) => w.tag !== undefined && w.tag === tag);
  if (!holder) {
    if (tag === undefined && defaults.includes(value)) return undefined;
    return phantom(at, `the value ${JSON.stringify(value)} was written by no replica`);
  }
  const by = history.fieldSuperseded.get(field)?.get(holder[1]);
  const lost = by === undefined ? undefined : history.writes[by];
  return lost
    ? lostUpdate(
        at,
        lost,
        `the field holds ${JSON.stringify(value)} from ${holder[0].label}, which this write had seen and replaced`,
      )
    : undefined;
}

/**
 * A value no tag marks (a number, which a subscription's `where` must match as it is): some
 * write of the field wrote it, and not only writes that a later write of the field had seen and
 * replaced. Which of several writes of the same value stays cannot be told: any one will do.
 */
function untaggedField(
  at: string,
  field: string,
  value: FieldValue,
  history: RecordHistory,
  writers: readonly Writer[],
  defaults: readonly FieldValue[],
): Violation | undefined {
  const holders = writers.filter(([w]) => w.fields[field] === value);
  if (holders.length === 0)
    return defaults.includes(value)
      ? undefined
      : phantom(at, `the value ${JSON.stringify(value)} was written by no replica`);
  const replaced = history.fieldSuperseded.get(field);
  const by = holders.map(([, n]) => replaced?.get(n));
  if (by.some((n) => n === undefined)) return undefined;
  const lost = history.writes[by[0] ?? 0];
  return lost
    ? lostUpdate(
        at,
        lost,
        `the field holds ${JSON.stringify(value)}, which every write of it had seen replaced (first by this one)`,
      )
    : undefined;
}

/** Whole-document merge: the record is one version a write left that no later write had seen. */
export function documentViolation(
  key: string,
  history: RecordHistory,
  present: Fields,
): Violation | undefined {
  const json = canonicalJson(present);
  const holders = history.versions.get(json) ?? [];
  if (holders.length === 0) return phantom(key, `the record ${json} is no version any write left`);
  if (!holders.every((n) => history.superseded.has(n))) return undefined;
  const holder = holders[0] ?? 0;
  const lost = history.writes[history.superseded.get(holder) ?? 0];
  return lost
    ? lostUpdate(
        key,
        lost,
        `the record is the version ${history.writes[holder]?.label} left, which this write had seen and replaced`,
      )
    : undefined;
}
