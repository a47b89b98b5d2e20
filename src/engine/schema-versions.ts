/**
 * Schema negotiation for the reference engine. The server holds records at the newest version
 * the schema declares and translates at its edge: a client's writes come up from the client's
 * version, and what it sends a client goes down to that client's version, through the lenses of
 * the migrations in between (an added field with its default, a renamed field). Field stamps
 * travel with their fields; a default gets the oldest possible stamp, so any real write wins.
 */
import type { Fields, SchemaDefinition, SchemaLens, SchemaMigration } from '../contract/contract.ts';
import { lensesOf, throughLens } from '../contract/schema-lens.ts';
import { ZERO_HLC } from './hlc.ts';
import type { FieldState } from './protocol.ts';

export class SchemaVersions {
  readonly first: number;
  readonly latest: number;
  readonly min: number;
  private readonly migrations: readonly SchemaMigration[];

  constructor(schema: SchemaDefinition) {
    this.first = schema.version ?? 1;
    this.migrations = [...(schema.migrations ?? [])].sort((a, b) => a.version - b.version);
    this.latest = Math.max(this.first, ...this.migrations.map((m) => m.version));
    this.min = schema.minVersion ?? this.first;
  }

  /** Whether every step from `from` up to `to` has a migration. */
  reachable(from: number, to: number): boolean {
    for (let v = from + 1; v <= to; v++) if (!this.migrations.some((m) => m.version === v)) return false;
    return true;
  }

  /** Plain fields from version `from` to `to` (`partial`: an update's fields, not a whole record). */
  fields(collection: string, fields: Fields, from: number, to: number, partial: boolean): Fields {
    const states = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, [v, ZERO_HLC] as const]));
    return Object.fromEntries(
      Object.entries(this.states(collection, states, from, to, partial)).map(([k, [v]]) => [k, v]),
    );
  }

  /** Field states (value and stamp) from version `from` to `to`. */
  states(
    collection: string,
    states: Readonly<Record<string, FieldState>>,
    from: number,
    to: number,
    partial: boolean,
  ): Record<string, FieldState> {
    let out: Record<string, FieldState> = { ...states };
    const steps = from < to ? this.migrations.filter((m) => m.version > from && m.version <= to) : [];
    const back =
      from > to ? this.migrations.filter((m) => m.version <= from && m.version > to).reverse() : [];
    for (const m of steps) out = this.step(m, 'up', collection, out, partial);
    for (const m of back) out = this.step(m, 'down', collection, out, partial);
    return out;
  }

  private step(
    m: SchemaMigration,
    direction: 'up' | 'down',
    collection: string,
    states: Record<string, FieldState>,
    partial: boolean,
  ): Record<string, FieldState> {
    const lenses = lensesOf(m);
    if (lenses) {
      const ordered = direction === 'up' ? lenses : [...lenses].reverse();
      return ordered.reduce((out, lens) => lensStep(lens, direction, collection, out, partial), states);
    }
    if (partial) return states; // an opaque function can only rewrite whole records
    const values = Object.fromEntries(Object.entries(states).map(([k, [v]]) => [k, v]));
    const moved = direction === 'up' ? m.up(collection, values) : (m.down?.(collection, values) ?? values);
    return Object.fromEntries(
      Object.entries(moved).map(([key, value]) => [key, [value, states[key]?.[1] ?? ZERO_HLC] as FieldState]),
    );
  }
}

/** Field states through one lens; a renamed field keeps its stamp. */
function lensStep(
  lens: SchemaLens,
  direction: 'up' | 'down',
  collection: string,
  states: Record<string, FieldState>,
  partial: boolean,
): Record<string, FieldState> {
  const values = Object.fromEntries(Object.entries(states).map(([k, [v]]) => [k, v]));
  const moved = throughLens(lens, direction, collection, values, partial);
  const renamed = lens.kind === 'renameField' ? lens : undefined;
  const out: Record<string, FieldState> = {};
  for (const [key, value] of Object.entries(moved)) {
    const source =
      renamed && key === (direction === 'up' ? renamed.to : renamed.from)
        ? direction === 'up'
          ? renamed.from
          : renamed.to
        : key;
    out[key] = [value, states[source]?.[1] ?? states[key]?.[1] ?? ZERO_HLC];
  }
  return out;
}
