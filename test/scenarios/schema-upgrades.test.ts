// schema-upgrades: replicas at different schema versions are compared at the newest version,
// writes are tallied by the version they were made at, and the reference engine keeps them all.
import { describe, expect, it } from 'vitest';
import { referenceAdapter } from '../../adapters/reference/index.ts';
import { moveRecords } from '../../src/contract/schema-lens.ts';
import { SCHEMA_MIGRATIONS, schemaUpgrades } from '../../scenarios/schema-upgrades.ts';
import { OwnWrites } from '../../src/runner/own-writes.ts';
import { runScenario } from '../../src/runner/run-scenario.ts';
import { expectCompleted } from '../helpers/completed-run.ts';

const schema = { collections: ['tasks'], texts: [], version: 1, migrations: SCHEMA_MIGRATIONS };

describe('records across schema versions', () => {
  it('move up through both lenses of v2 and the one of v3, and back down', () => {
    const v1 = { tasks: { a: { title: 'A', status: 'todo' } } };
    const v3 = moveRecords(v1, schema, 1, 3);
    expect(v3).toEqual({ tasks: { a: { name: 'A', status: 'todo', estimate: 1, archived: false } } });
    expect(moveRecords(v3, schema, 3, 1)).toEqual(v1);
  });

  it('count a write to a renamed field as superseded by a later write under the new name', () => {
    const writes = new OwnWrites('tasks', schema);
    writes.record('c1', 1, { kind: 'create', collection: 'tasks', id: 'c1-1', fields: { title: 'old' } });
    writes.record('c1', 2, { kind: 'update', collection: 'tasks', id: 'c1-1', fields: { name: 'new' } });
    writes.record('c2', 1, { kind: 'update', collection: 'tasks', id: 'c2-1', fields: { status: 'done' } });
    const state = {
      collections: { tasks: { 'c1-1': { name: 'new' }, 'c2-1': { status: 'todo' } } },
      texts: {},
    };
    const result = writes.result(state);
    expect(result.byVersion).toEqual([
      { version: 1, writes: 1, survived: 0 },
      { version: 2, writes: 1, survived: 1 },
    ]);
    expect(result.vanishedExamples).toEqual([
      'c2 at v1: tasks/c2-1.status = "done" (final: {"status":"todo"})',
    ]);
  });
});

describe('schema-upgrades on the reference engine', () => {
  it('converges with a client that never upgrades, and keeps every write of every version', async () => {
    const { result } = await runScenario({
      scenario: schemaUpgrades,
      adapter: referenceAdapter,
      seed: 1,
      scale: 'ci',
      replay: 'test',
    });
    expectCompleted(result);
    expect(result.converged).toBe(true);
    const byVersion = result.ownWrites?.byVersion ?? [];
    expect(byVersion.map((v) => v.version)).toEqual([1, 2, 3]);
    for (const v of byVersion) expect(v.survived).toBe(v.writes);
    expect(result.opsByKind.upgradeSchema).toBe(6); // c1, c2 and (late) c3 upgrade twice; c4 never
    expect(result.wire.phases.map((p) => p.phase)).toEqual(
      expect.arrayContaining(['v1', 'rollout v2', 'rollout v3', 'mixed fleet']),
    );
    const old = result.replicas.find((r) => r.id === 'c4');
    expect(old?.payloadBytes).toBeGreaterThan(0);
  });
});
