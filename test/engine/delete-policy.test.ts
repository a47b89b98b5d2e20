// An update that meets a concurrent delete: by default the delete wins and the updater rolls its
// write back; a scenario may say `deleteVsUpdate: 'update-wins'` and the record comes back whole.
import { describe, expect, it } from 'vitest';
import type { SchemaDefinition } from '../../src/contract/contract.ts';
import { World } from './world.ts';

function concurrentDeleteAndUpdate(deleteVsUpdate?: SchemaDefinition['deleteVsUpdate']): World {
  const world = new World(
    {},
    { collections: ['items'], texts: [], ...(deleteVsUpdate ? { deleteVsUpdate } : {}) },
  );
  world
    .replica('c1')
    .apply({ kind: 'create', collection: 'items', id: 'r1', fields: { title: 'a', status: 'todo' } });
  world.settle();
  world.disconnect('c2');
  world.replica('c1').apply({ kind: 'delete', collection: 'items', id: 'r1' });
  world.replica('c2').apply({ kind: 'update', collection: 'items', id: 'r1', fields: { status: 'done' } });
  world.settle();
  return world;
}

const r1 = (world: World, id: string) =>
  world.replica(id).read({ kind: 'record', collection: 'items', id: 'r1' });

describe('reference engine: update against a concurrent delete', () => {
  it('lets the delete win by default, and the updater counts a rollback', () => {
    const world = concurrentDeleteAndUpdate();
    for (const id of ['server', 'c1', 'c2', 'c3']) expect(r1(world, id), id).toBeUndefined();
    expect(world.replica('c2').counters?.()).toMatchObject({ rollbacks: 1 });
  });

  it("brings the record back, whole, when the scenario says 'update-wins'", () => {
    const world = concurrentDeleteAndUpdate('update-wins');
    for (const id of ['server', 'c1', 'c2', 'c3'])
      expect(r1(world, id), id).toEqual({ title: 'a', status: 'done' });
    expect(world.replica('c2').counters?.()).toMatchObject({ rollbacks: 0 });
  });
});
