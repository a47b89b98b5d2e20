/**
 * Whether writes survive, by the writer's schema version: the last value each client gave each
 * field of its own records (ids `<client>-…`, which the scenario promises nobody else writes),
 * looked up in the final reference state after moving the field to the newest schema version.
 * A field that is not there with that value is a write that vanished.
 */
import type { Fields, Op, SchemaDefinition, Snapshot } from '../contract/contract.ts';
import { fieldsUpTo, latestSchemaVersion } from '../contract/schema-lens.ts';
import type { OwnWritesResult } from './result.ts';

interface LastWrite {
  readonly writer: string;
  readonly version: number;
  readonly collection: string;
  readonly id: string;
  readonly field: string;
  readonly value: Fields[string];
}

export class OwnWrites {
  private readonly last = new Map<string, LastWrite>();
  private readonly deleted = new Set<string>();

  constructor(
    private readonly collection: string,
    private readonly schema: SchemaDefinition,
  ) {}

  /** Notes an applied local op of `writer` made at schema `version`. */
  record(writer: string, version: number, op: Op): void {
    if (op.kind !== 'create' && op.kind !== 'update' && op.kind !== 'delete') return;
    if (op.collection !== this.collection || !op.id.startsWith(`${writer}-`)) return;
    if (op.kind === 'delete') {
      this.deleted.add(op.id);
      return;
    }
    for (const [field, value] of Object.entries(op.fields)) {
      const write = { writer, version, collection: op.collection, id: op.id, field, value };
      // Keyed by the field's newest name: a later write to `name` supersedes one to `title`.
      for (const newest of Object.keys(this.atNewest(write))) this.last.set(`${op.id}\u0000${newest}`, write);
    }
  }

  /** Survivors and losses in `state` (records at the newest schema version), by writer version. */
  result(state: Snapshot): OwnWritesResult {
    const byVersion = new Map<number, { writes: number; survived: number }>();
    const vanished: string[] = [];
    for (const w of this.last.values()) {
      if (this.deleted.has(w.id)) continue;
      const tally = byVersion.get(w.version) ?? { writes: 0, survived: 0 };
      byVersion.set(w.version, tally);
      tally.writes++;
      const expected = this.atNewest(w);
      const record = state.collections[w.collection]?.[w.id];
      if (record && Object.entries(expected).every(([k, v]) => record[k] === v)) tally.survived++;
      else if (vanished.length < 10)
        vanished.push(
          `${w.writer} at v${w.version}: ${w.collection}/${w.id}.${w.field} = ${JSON.stringify(w.value)} (final: ${record ? JSON.stringify(pick(record, Object.keys(expected))) : 'no record'})`,
        );
    }
    const versions = [...byVersion].sort(([a], [b]) => a - b).map(([version, t]) => ({ version, ...t }));
    return { collection: this.collection, byVersion: versions, vanishedExamples: vanished };
  }

  /** The write's field and value as the newest schema version names it. */
  private atNewest(w: LastWrite): Fields {
    const latest = latestSchemaVersion(this.schema);
    return fieldsUpTo(this.schema, w.version, latest, w.collection, { [w.field]: w.value }, true);
  }
}

function pick(record: Fields, keys: readonly string[]): Fields {
  return Object.fromEntries(keys.map((k) => [k, record[k] ?? null]));
}
