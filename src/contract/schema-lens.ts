/**
 * Lens migrations: a field added with a default, or a field renamed, declared once and applied
 * both ways — up to a newer version and down to an older one — to whole records or to the
 * fields of a partial update (an update never gains an added field's default: it would
 * overwrite the record's real value).
 */
import type {
  FieldValue,
  Fields,
  SchemaDefinition,
  SchemaLens,
  SchemaMigration,
  Snapshot,
} from './contract.ts';

/** The newest version a schema declares: its last migration's, or its starting version. */
export function latestSchemaVersion(schema: SchemaDefinition): number {
  return Math.max(schema.version ?? 1, ...(schema.migrations ?? []).map((m) => m.version));
}

/**
 * How one record's fields move from schema version `from` to `to` by the schema's migrations:
 * `up` going up, `down` going down (a migration without `down` leaves records as they are).
 */
export function recordMigrator(
  schema: SchemaDefinition,
  from: number,
  to: number,
): (collection: string, fields: Fields) => Fields {
  const migrations = schema.migrations ?? [];
  const steps: ((collection: string, fields: Fields) => Fields)[] =
    from < to
      ? migrations
          .filter((m) => m.version > from && m.version <= to)
          .map((m) => (c: string, f: Fields) => m.up(c, f))
      : migrations
          .filter((m) => m.version <= from && m.version > to)
          .reverse()
          .map((m) => (c: string, f: Fields) => m.down?.(c, f) ?? f);
  return (collection, fields) => steps.reduce((f, step) => step(collection, f), fields);
}

/** Every record of `collections` moved from schema version `from` to `to` (see `recordMigrator`). */
export function moveRecords(
  collections: Snapshot['collections'],
  schema: SchemaDefinition,
  from: number,
  to: number,
): Snapshot['collections'] {
  if (from === to) return collections;
  const migrate = recordMigrator(schema, from, to);
  const out: Record<string, Record<string, Fields>> = {};
  for (const [collection, records] of Object.entries(collections)) {
    const moved: Record<string, Fields> = {};
    for (const [id, fields] of Object.entries(records)) moved[id] = migrate(collection, fields);
    out[collection] = moved;
  }
  return out;
}

const applies = (lens: SchemaLens, collection: string): boolean =>
  lens.collection === undefined || lens.collection === collection;

/** `fields` moved one version up (`up`) or down through `lens`. */
export function throughLens(
  lens: SchemaLens,
  direction: 'up' | 'down',
  collection: string,
  fields: Fields,
  partial: boolean,
): Fields {
  if (!applies(lens, collection)) return fields;
  const out: Record<string, Fields[string]> = { ...fields };
  if (lens.kind === 'addField') {
    if (direction === 'down') delete out[lens.field];
    else if (!partial && !(lens.field in out)) out[lens.field] = lens.value;
    return out;
  }
  const [from, to] = direction === 'up' ? [lens.from, lens.to] : [lens.to, lens.from];
  if (from in out) {
    out[to] = out[from] ?? null;
    delete out[from];
  }
  return out;
}

/** The lenses of a migration in the order they apply going up, or undefined for an opaque one. */
export function lensesOf(migration: SchemaMigration): readonly SchemaLens[] | undefined {
  const { lens } = migration;
  if (lens === undefined) return undefined;
  return isLensList(lens) ? lens : [lens];
}

function isLensList(lens: SchemaLens | readonly SchemaLens[]): lens is readonly SchemaLens[] {
  return Array.isArray(lens);
}

/**
 * `fields` of `collection`, written at schema version `from`, as version `to` (≥ `from`) names
 * them: through each migration's lenses, or its `up` where it has none. `partial` for an update's
 * fields, which gain no added field's default.
 */
export function fieldsUpTo(
  schema: SchemaDefinition,
  from: number,
  to: number,
  collection: string,
  fields: Fields,
  partial: boolean,
): Fields {
  let out = fields;
  for (const m of schema.migrations ?? []) {
    if (m.version <= from || m.version > to) continue;
    const lenses = lensesOf(m);
    out = lenses ? throughLenses(lenses, 'up', collection, out, partial) : m.up(collection, out);
  }
  return out;
}

/** The default a lens of `schema` gives `field` of `collection` when it adds the field, if one does. */
export function addedDefaults(schema: SchemaDefinition, collection: string, field: string): FieldValue[] {
  const out: FieldValue[] = [];
  for (const m of schema.migrations ?? [])
    for (const lens of lensesOf(m) ?? [])
      if (lens.kind === 'addField' && lens.field === field && applies(lens, collection)) out.push(lens.value);
  return out;
}

/** `fields` moved one version up or down through every lens of a migration, in order. */
export function throughLenses(
  lenses: readonly SchemaLens[],
  direction: 'up' | 'down',
  collection: string,
  fields: Fields,
  partial: boolean,
): Fields {
  const ordered = direction === 'up' ? lenses : [...lenses].reverse();
  return ordered.reduce((out, lens) => throughLens(lens, direction, collection, out, partial), fields);
}

/** A migration to `version` defined by lenses (applied in order), usable by every engine. */
export function lensMigration(version: number, ...lenses: SchemaLens[]): SchemaMigration {
  return {
    version,
    lens: lenses.length === 1 && lenses[0] ? lenses[0] : lenses,
    up: (collection, fields) => throughLenses(lenses, 'up', collection, fields, false),
    down: (collection, fields) => throughLenses(lenses, 'down', collection, fields, false),
  };
}
