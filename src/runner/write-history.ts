/**
 * The bookkeeping under the history checker (`history.ts`): each record's writes and which of
 * them later writes had seen (by a tag in the record, or a version equal to exactly one earlier
 * write's), each one-value text's versions, and how a write reads in a violation.
 */
import { createHash } from 'node:crypto';
import type { Fields, Op } from '../contract/contract.ts';
import { canonicalJson } from '../contract/canonical.ts';
import { valueTag } from '../scenario/value-tags.ts';

export interface Write {
  readonly replica: string;
  readonly label: string;
}

export interface RecordWrite extends Write {
  readonly kind: 'create' | 'update' | 'delete';
  readonly fields: Fields;
  /** Every string value it wrote carries its edit's tag. */
  readonly tagged: boolean;
  readonly tag: string | undefined;
}

/** The writes of one record, and which of them later writes had seen. */
export class RecordHistory {
  readonly writes: RecordWrite[] = [];
  /** The canonical record right after each non-delete write, on its replica → those writes. */
  readonly versions = new Map<string, number[]>();
  readonly byTag = new Map<string, number>();
  /** Write → the first write that had seen it in the record. */
  readonly superseded = new Map<number, number>();
  /** `field` → (write → the first write of that field that had seen its value). */
  readonly fieldSuperseded = new Map<string, Map<number, number>>();

  add(write: RecordWrite, before: Fields | undefined, after: Fields | undefined): void {
    const n = this.writes.push(write) - 1;
    if (write.tag !== undefined) this.byTag.set(write.tag, n);
    if (before) {
      for (const [field, value] of Object.entries(before)) {
        const seen = this.byTag.get(valueTag(value) ?? '');
        if (seen === undefined || seen === n) continue;
        if (!this.superseded.has(seen)) this.superseded.set(seen, n);
        if (write.kind === 'update' && field in write.fields) {
          let of = this.fieldSuperseded.get(field);
          if (!of) this.fieldSuperseded.set(field, (of = new Map<number, number>()));
          if (!of.has(seen)) of.set(seen, n);
        }
      }
      const same = this.versions.get(canonicalJson(before));
      const seen = same?.length === 1 ? same[0] : undefined;
      if (seen !== undefined && !this.superseded.has(seen)) this.superseded.set(seen, n);
    }
    if (after && write.kind !== 'delete') {
      const key = canonicalJson(after);
      const same = this.versions.get(key);
      if (same) same.push(n);
      else this.versions.set(key, [n]);
    }
  }
}

export interface TextWrite extends Write {
  readonly version: string;
}

/** The whole-text versions of one document, for engines whose text is one value. */
export class TextVersions {
  /** Write -1 is the empty text every document starts as. */
  readonly writes: TextWrite[] = [];
  readonly byVersion = new Map<string, number[]>([[hash(''), [-1]]]);
  readonly superseded = new Map<number, number>();

  add(write: TextWrite, before: string): void {
    const n = this.writes.push(write) - 1;
    const same = this.byVersion.get(hash(before));
    const seen = same?.length === 1 ? same[0] : undefined;
    if (seen !== undefined && !this.superseded.has(seen)) this.superseded.set(seen, n);
    const mine = this.byVersion.get(write.version);
    if (mine) mine.push(n);
    else this.byVersion.set(write.version, [n]);
  }
}

export function hash(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}

export function splitKey(key: string): [string, string] {
  const slash = key.indexOf('/');
  return [key.slice(0, slash), key.slice(slash + 1)];
}

export function keyOf(op: Op): string {
  switch (op.kind) {
    case 'create':
    case 'update':
    case 'delete':
      return `${op.collection}/${op.id}`;
    case 'textInsert':
    case 'textDelete':
      return op.doc;
    case 'upgradeSchema':
      return `schema v${op.version}`;
  }
}

/** A write as a person reads it: replica, op, target, what it wrote, and when. */
export function describe(replica: string, op: Op, atMs: number): string {
  const when = `at ${(atMs / 1000).toFixed(3).replace(/\.?0+$/, '')} s`;
  switch (op.kind) {
    case 'create':
    case 'update':
      return `${replica} ${op.kind} ${op.collection}/${op.id} ${JSON.stringify(op.fields)} ${when}`;
    case 'delete':
      return `${replica} delete ${op.collection}/${op.id} ${when}`;
    case 'textInsert':
      return `${replica} insert ${JSON.stringify(op.text.length > 40 ? `${op.text.slice(0, 40)}…` : op.text)} into ${op.doc} ${when}`;
    case 'textDelete':
      return `${replica} erase ${op.length} chars of ${op.doc} ${when}`;
    case 'upgradeSchema':
      return `${replica} upgrade to schema v${op.version} ${when}`;
  }
}
