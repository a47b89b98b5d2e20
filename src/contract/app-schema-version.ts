/**
 * The schema version a client's application is at: kept in the replica's durable storage so it
 * survives a crash, and checked before an upgrade (a newer version, and a migration for every
 * step on the way). Yjs and Automerge clients also get from it how to rewrite their records.
 */
import type { DurableStorage, Fields, SchemaDefinition } from './contract.ts';
import { recordMigrator } from './schema-lens.ts';

export class AppSchemaVersion {
  constructor(
    private readonly storage: DurableStorage,
    private readonly schema: SchemaDefinition,
    private readonly key = 'app-schema-version',
  ) {}

  get current(): number {
    const stored = this.storage.get(this.key);
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

  /** Records that the application is at `version` now. */
  record(version: number): void {
    this.storage.set(this.key, new TextEncoder().encode(String(version)));
  }

  /** Records the move to `version`, returning how one record's fields migrate to it. */
  moveTo(version: number): (collection: string, fields: Fields) => Fields {
    const migrate = recordMigrator(this.schema, this.current, version);
    this.record(version);
    return migrate;
  }
}
