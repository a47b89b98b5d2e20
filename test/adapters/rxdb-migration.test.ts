// RxDB's schema upgrade goes through its own migration plugin (migrationStrategies).
import { describe, expect, it } from 'vitest';
import type { Fields } from '../../src/contract/contract.ts';
import { rxdbAdapter } from '../../adapters/rxdb/index.ts';
import { fixture } from '../../src/conformance/fixtures.ts';
import { runScenario } from '../../src/runner/run-scenario.ts';
import { expectCompleted } from '../helpers/completed-run.ts';

async function upgradeRun(migrate?: (fields: Fields) => Fields) {
  const migrations = migrate
    ? [{ version: 2, up: (_collection: string, fields: Fields) => migrate(fields) }]
    : [];
  const scenario = fixture({ name: 'upgrade', upgradeSchema: true, migrations });
  return (await runScenario({ scenario, adapter: rxdbAdapter, seed: 42, scale: 'ci', replay: 'test' }))
    .result;
}

describe('rxdb schema upgrade', () => {
  it('migrates the client database with RxDB migrationStrategies; documents pulled later from v1 clients lack the new field', async () => {
    const migrated: Fields[] = [];
    const result = await upgradeRun((fields) => {
      migrated.push(fields);
      return { ...fields, archived: false };
    });
    expectCompleted(result);
    expect(result.opsByKind.upgradeSchema).toBe(1);
    expect(result.rejectedOps).toBe(0);
    expect(result.errors).toEqual([]);
    expect(migrated.length).toBeGreaterThan(0); // only RxDB's migration plugin calls the migration
    expect(migrated.every((fields) => typeof fields.title === 'string')).toBe(true);
    // Replicas are compared at v2: the upgraded c1 holds documents that v1 clients wrote after its
    // migration, as they wrote them, without `archived` (docs/findings.md: RxDB upgrades).
    expect(result.converged).toBe(false);
    expect(result.divergences.map((d) => d.replica)).toEqual(['c1']);
    expect(result.divergences[0]?.firstDifferingPath).toMatch(/^collections\.items\.[^.]+\.archived$/);
  });

  it('refuses an upgrade the scenario has no migration for', async () => {
    const result = await upgradeRun();
    expectCompleted(result);
    expect(result.rejections).toEqual([
      expect.stringMatching(/upgradeSchema: the scenario has no migration to schema version 2/),
    ]);
  });
});
