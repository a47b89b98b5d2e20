/**
 * The history of a run's local writes, and what the final state may hold given it: an
 * intent-level checker in the spirit of Jepsen's Elle, for sync. Every write is traceable (created
 * ids, text tokens and tagged field values name the edit that made them, `value-tags.ts`), so a
 * replica's state at the moment of a write says which earlier writes that write had seen, and so
 * superseded. The converged state is then checked against the history under the engine's declared
 * merge rule:
 *
 * - **duplicate**: a text token present more than once;
 * - **phantom**: a record, token, field value or whole text that no write made;
 * - **lost update**: a value that a later write had seen and replaced (an uncontended write must
 *   be the one that stays), or a field someone wrote gone from a record nobody deleted;
 * - **lost delete**: a deleted record present although every write to it was seen by the delete,
 *   or an erased token present in a text that merges by character;
 * - **refused write**: a local write the engine rejected although its target was there (a
 *   rejection is allowed only for an update or delete of a record the replica does not have, and
 *   for a schema upgrade it cannot make, and for a text edit on a client that syncs a slice).
 *
 * Knowledge is inferred only from what a replica held (a tag in its record, a version equal to
 * exactly one earlier write's), so it is never more than what really happened: writes the checker
 * cannot order count as concurrent, where any of them may win. Under schema migrations every
 * write and every record a replica held is moved to the newest version by the migrations' lenses
 * first (a renamed field keeps its tag; an added field's default is no phantom), so writes made
 * at different versions compare. Field values are judged only where every write of the record is
 * tagged and every migration is a lens (an opaque `up` could make any value). How a present
 * record is judged under each merge rule is in `record-verdicts.ts`.
 */
import type {
  ApplyOutcome,
  Capabilities,
  Fields,
  Op,
  ReadPath,
  ReadValue,
  SchemaDefinition,
  Snapshot,
} from '../contract/contract.ts';
import { fieldsUpTo, latestSchemaVersion, lensesOf } from '../contract/schema-lens.ts';
import { RecordHistory, TextVersions, describe, hash, keyOf, splitKey } from './write-history.ts';
import type { Write } from './write-history.ts';
import { valueTag } from '../scenario/value-tags.ts';
import { tokensIn } from '../scenario/workloads/text-tokens.ts';

import type { Violation, ViolationKind } from './record-verdicts.ts';
import { documentViolation, fieldViolations, lostUpdate, phantom } from './record-verdicts.ts';

export type { Violation, ViolationKind } from './record-verdicts.ts';
export { VIOLATION_KINDS } from './record-verdicts.ts';

/** What the checker found: how many writes it traced, and every violation (the first few listed). */
export interface HistoryVerdict {
  readonly writes: number;
  readonly violations: number;
  readonly byKind: Readonly<Partial<Record<ViolationKind, number>>>;
  readonly examples: readonly Violation[];
}

const MAX_EXAMPLES = 10;

/** What a write needs of its replica's state before it applies: its record or its text. */
export interface Before {
  readonly op: Op;
  /** The schema version the replica's app wrote at. */
  readonly version: number;
  /** Its record, moved to the newest schema version. */
  readonly record?: Fields;
  readonly text?: string;
}

export class History {
  private readonly records = new Map<string, RecordHistory>();
  private readonly texts = new Map<string, TextVersions>();
  private readonly inserted = new Map<string, Write>();
  private readonly erased = new Map<string, Write>();
  private readonly violations: Violation[] = [];
  private writeCount = 0;
  /** Record ops the checker could not trace (none today; kept so a phantom check stays honest). */
  private untracedRecordOps = 0;
  private readonly wholeText: boolean;
  private readonly latest: number;
  /** A migration without lenses: its `up` could make any value, so field values are not judged. */
  private readonly opaque: boolean;

  constructor(
    private readonly capabilities: Capabilities,
    private readonly schema: SchemaDefinition,
    /** Replicas that sync a slice (a subscription), which holds records of one collection only. */
    private readonly sliced: ReadonlySet<string> = new Set(),
  ) {
    this.wholeText = capabilities.text === 'lww-value';
    this.latest = latestSchemaVersion(schema);
    this.opaque = (schema.migrations ?? []).some((m) => lensesOf(m) === undefined);
  }

  /** What `op`, made at schema `version`, finds on its replica, read just before it applies. */
  before(op: Op, read: (path: ReadPath) => ReadValue, version: number): Before {
    switch (op.kind) {
      case 'create':
      case 'update':
      case 'delete': {
        const record = read({ kind: 'record', collection: op.collection, id: op.id });
        return typeof record === 'object'
          ? { op, version, record: this.newest(version, op.collection, record, false) }
          : { op, version };
      }
      case 'textInsert':
      case 'textDelete': {
        if (!this.wholeText) return { op, version };
        const text = read({ kind: 'text', doc: op.doc });
        return { op, version, text: typeof text === 'string' ? text : '' };
      }
      case 'upgradeSchema':
        return { op, version };
    }
  }

  /** `fields` of `collection`, held or written at `version`, as the newest version names them. */
  private newest(version: number, collection: string, fields: Fields, partial: boolean): Fields {
    // Under an opaque migration field values are not judged, and its `up` is the scenario's own
    // code (which may count its calls, or expect whole records): the checker leaves it alone.
    return version >= this.latest || this.opaque
      ? fields
      : fieldsUpTo(this.schema, version, this.latest, collection, fields, partial);
  }

  /** A traced write `before.op` on `replica`, and what became of it. */
  written(
    replica: string,
    atMs: number,
    before: Before,
    outcome: ApplyOutcome,
    inserted: readonly string[],
    erased: readonly string[],
    read: (path: ReadPath) => ReadValue,
  ): void {
    const { op } = before;
    const label = describe(replica, op, atMs);
    if (outcome.status === 'rejected') {
      if (this.mayRefuse(before, replica)) return;
      this.violate({
        kind: 'refused write',
        key: keyOf(op),
        replica,
        op: label,
        detail: `the engine refused it (${outcome.reason}) although its target was there`,
      });
      return;
    }
    if (op.kind === 'upgradeSchema') return;
    this.writeCount++;
    if (op.kind === 'textInsert' || op.kind === 'textDelete') {
      for (const token of inserted) this.inserted.set(`${op.doc}:${token}`, { replica, label });
      for (const token of erased) this.erased.set(`${op.doc}:${token}`, { replica, label });
      if (this.wholeText) {
        const after = read({ kind: 'text', doc: op.doc });
        let doc = this.texts.get(op.doc);
        if (!doc) this.texts.set(op.doc, (doc = new TextVersions()));
        doc.add({ replica, label, version: hash(typeof after === 'string' ? after : '') }, before.text ?? '');
      }
      return;
    }
    const key = `${op.collection}/${op.id}`;
    let record = this.records.get(key);
    if (!record) this.records.set(key, (record = new RecordHistory()));
    const fields = op.kind === 'delete' ? {} : this.newest(before.version, op.collection, op.fields, true);
    const tags = Object.values(fields)
      .filter((v) => typeof v === 'string')
      .map(valueTag);
    const tag = tags[0];
    const after =
      op.kind === 'delete' ? undefined : read({ kind: 'record', collection: op.collection, id: op.id });
    record.add(
      {
        replica,
        label,
        kind: op.kind,
        fields,
        // Numbers and booleans carry no tag (a subscription's `where` needs them as they are):
        // they are judged by value. A string without this write's tag came from elsewhere.
        tagged: tags.every((t) => t !== undefined && t === tag),
        tag,
      },
      before.record,
      typeof after === 'object' ? this.newest(before.version, op.collection, after, false) : undefined,
    );
  }

  /** A record op the checker cannot trace. */
  untraced(op: Op): void {
    if (op.kind === 'create' || op.kind === 'update' || op.kind === 'delete') this.untracedRecordOps++;
  }

  /** Checks `state` (the converged reference state) against the history. */
  verdict(state: Snapshot): HistoryVerdict {
    this.checkRecords(state);
    this.checkTexts(state);
    const byKind: Partial<Record<ViolationKind, number>> = {};
    for (const v of this.violations) byKind[v.kind] = (byKind[v.kind] ?? 0) + 1;
    return {
      writes: this.writeCount,
      violations: this.violations.length,
      byKind,
      examples: this.violations.slice(0, MAX_EXAMPLES),
    };
  }

  private mayRefuse(before: Before, replica: string): boolean {
    const { op } = before;
    if (op.kind === 'upgradeSchema') return true;
    // A slice holds no text: a client that syncs one may refuse to edit a text it does not sync.
    if ((op.kind === 'textInsert' || op.kind === 'textDelete') && this.sliced.has(replica)) return true;
    if (!this.capabilities.ops.includes(op.kind)) return true;
    return (op.kind === 'update' || op.kind === 'delete') && before.record === undefined;
  }

  private violate(v: Violation): void {
    this.violations.push(v);
  }

  private checkRecords(state: Snapshot): void {
    for (const [collection, records] of Object.entries(state.collections))
      for (const id of Object.keys(records)) {
        const key = `${collection}/${id}`;
        const history = this.records.get(key);
        if (this.untracedRecordOps === 0 && !history?.writes.some((w) => w.kind === 'create'))
          this.violate(phantom(key, 'no replica created this record'));
      }
    for (const [key, history] of this.records) {
      const [collection, id] = splitKey(key);
      const present = state.collections[collection]?.[id];
      if (present === undefined) continue; // a record missing without a delete is a lost insert
      this.checkPresentRecord(key, history, present);
    }
  }

  private checkPresentRecord(key: string, history: RecordHistory, present: Fields): void {
    const { writes } = history;
    const live = writes.map((_, n) => n).filter((n) => writes[n]?.kind !== 'delete');
    const deletes = writes.filter((w) => w.kind === 'delete');
    const last = deletes.at(-1);
    if (last && live.length > 0 && live.every((n) => history.superseded.has(n))) {
      this.violate({
        kind: 'lost delete',
        key,
        replica: last.replica,
        op: last.label,
        detail: 'the record is present although this delete had seen every write to it',
      });
      return;
    }
    if (this.opaque || !writes.every((w) => w.tagged)) return;
    if (this.capabilities.records === 'lww-field')
      for (const v of fieldViolations(key, history, present, deletes.length > 0, this.schema))
        this.violate(v);
    else {
      const v = documentViolation(key, history, present);
      if (v) this.violate(v);
    }
  }

  private checkTexts(state: Snapshot): void {
    for (const [doc, text] of Object.entries(state.texts)) {
      const seen = new Set<string>();
      for (const { token } of tokensIn(text)) {
        const key = `${doc}:${token}`;
        const write = this.inserted.get(key);
        if (seen.has(key)) {
          this.violate({
            kind: 'duplicate',
            key,
            replica: write?.replica ?? '',
            op: write?.label ?? '',
            detail: 'the token is in the text more than once',
          });
          continue;
        }
        seen.add(key);
        if (!write) {
          this.violate(phantom(key, 'no replica inserted this token'));
          continue;
        }
        const erase = this.erased.get(key);
        if (erase && !this.wholeText)
          this.violate({
            kind: 'lost delete',
            key,
            replica: erase.replica,
            op: erase.label,
            detail: 'the token is in the text although this write erased it',
          });
      }
      if (this.wholeText) this.checkWholeText(doc, text);
    }
  }

  /** One-value text: the text is a version some write left that no later write had seen. */
  private checkWholeText(doc: string, text: string): void {
    const versions = this.texts.get(doc);
    if (!versions) return;
    const holders = versions.byVersion.get(hash(text)) ?? [];
    if (holders.length === 0) {
      this.violate(phantom(doc, 'the text is no version any write left'));
      return;
    }
    if (!holders.every((n) => versions.superseded.has(n))) return;
    const holder = holders[0] ?? -1;
    const lost = versions.writes[versions.superseded.get(holder) ?? 0];
    if (lost)
      this.violate(
        lostUpdate(
          doc,
          lost,
          `the text is the version ${holder < 0 ? 'it started as' : versions.writes[holder]?.label + ' left'}, which this write had seen and replaced`,
        ),
      );
  }
}
