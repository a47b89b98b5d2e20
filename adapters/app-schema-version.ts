/**
 * The schema version a client's application is at, for engines with no schema of their own (Yjs,
 * Automerge): kept in the replica's durable storage so it survives a crash, and checked before
 * an upgrade (a newer version, and a migration for every step on the way).
 */
import type { DurableStorage, Fields, SchemaDefinition } from './contract.ts';
import { moveRecords } from './schema-lens.ts';

const KEY = 'app-schema-version';

export class AppSchemaVersion {
  constructor(
    private readonly storage: DurableStorage,
    private readonly schema: SchemaDefinition,
  ) {}

  get current(): number {
    const stored = this.storage.get(KEY);
    return stored ? Number(new TextDecoder().decode(stored)) : (this.schema.version ?? 1);
  }

  /** Why the application cannot move to `version`, or undefined when it can. */
  refusal(version: number): string | undefined {
    const from = this.current;
    if (version <= from) return `already at schema version ${from}`;
    const migrations = this.schema.migrations ?? [];
    for (let v = from + 1; v <= version; v++)
      if (!migrations.some((m) => m.version === v))
        return `the scenario has no migration to schema version ${v}`;
    return undefined;
  }

  /** Records the move to `version`, returning how one record's fields migrate to it. */
  moveTo(version: number): (collection: string, fields: Fields) => Fields {
    const from = this.current;
    this.storage.set(KEY, new TextEncoder().encode(String(version)));
    return (collection, fields) =>
      moveRecords({ [collection]: { r: fields } }, this.schema, from, version)[collection]?.r ?? fields;
  }
}
