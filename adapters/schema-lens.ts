/**
 * Lens migrations: a field added with a default, or a field renamed, declared once and applied
 * both ways — up to a newer version and down to an older one — to whole records or to the
 * fields of a partial update (an update never gains an added field's default: it would
 * overwrite the record's real value).
 */
import type { Fields, SchemaLens, SchemaMigration } from './contract.ts';

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

/** A migration to `version` defined by a lens, usable by every engine. */
export function lensMigration(version: number, lens: SchemaLens): SchemaMigration {
  return {
    version,
    lens,
    up: (collection, fields) => throughLens(lens, 'up', collection, fields, false),
    down: (collection, fields) => throughLens(lens, 'down', collection, fields, false),
  };
}
