// Schema negotiation in the reference engine: clients at different schema versions work on the
// same records through the server's lenses, and a client below the minimum is told to upgrade.
import { describe, expect, it } from 'vitest';
import type { SchemaDefinition } from '../../src/contract/contract.ts';
import { lensMigration } from '../../src/contract/schema-lens.ts';
import { World } from './world.ts';

const schema = (minVersion: number): SchemaDefinition => ({
  collections: ['items'],
  texts: ['doc'],
  migrations: [
    lensMigration(2, { kind: 'renameField', from: 'status', to: 'state' }),
    lensMigration(3, { kind: 'addField', field: 'archived', value: false }),
  ],
  minVersion,
});

const record = (world: World, id: string) =>
  world.replica(id).read({ kind: 'record', collection: 'items', id: 'r1' });

describe('reference engine schema negotiation', () => {
  it('lets clients at versions 1, 2 and 3 edit the same record, each in its own shape', () => {
    const world = new World({}, schema(1));
    world.replica('c2').apply({ kind: 'upgradeSchema', version: 2 });
    world.replica('c3').apply({ kind: 'upgradeSchema', version: 3 });
    world
      .replica('c1')
      .apply({ kind: 'create', collection: 'items', id: 'r1', fields: { title: 'a', status: 'todo' } });
    world.settle();
    expect(record(world, 'c1')).toEqual({ title: 'a', status: 'todo' });
    expect(record(world, 'c2')).toEqual({ title: 'a', state: 'todo' });
    expect(record(world, 'c3')).toEqual({ title: 'a', state: 'todo', archived: false });
    expect(world.replica('server').read({ kind: 'record', collection: 'items', id: 'r1' })).toEqual({
      title: 'a',
      state: 'todo',
      archived: false,
    });

    world
      .replica('c3')
      .apply({ kind: 'update', collection: 'items', id: 'r1', fields: { state: 'doing', archived: true } });
    world.settle();
    expect(record(world, 'c1')).toEqual({ title: 'a', status: 'doing' });
    world.replica('c1').apply({ kind: 'update', collection: 'items', id: 'r1', fields: { status: 'done' } });
    world.settle();
    expect(record(world, 'c2')).toEqual({ title: 'a', state: 'done' });
    expect(record(world, 'c3')).toEqual({ title: 'a', state: 'done', archived: true }); // the old client's update kept the new field
  });

  it('tells a client below the minimum version to upgrade, counts it, and syncs once it has', () => {
    const world = new World({}, schema(2));
    world.replica('c2').apply({ kind: 'upgradeSchema', version: 2 });
    world
      .replica('c2')
      .apply({ kind: 'create', collection: 'items', id: 'r1', fields: { title: 'a', state: 'todo' } });
    world
      .replica('c1')
      .apply({ kind: 'create', collection: 'items', id: 'r2', fields: { title: 'b', status: 'todo' } });
    world.settle();
    expect(world.replica('c1').counters?.()).toMatchObject({ upgradeRequired: 1 });
    expect(record(world, 'c1')).toBeUndefined(); // not syncing
    expect(world.replica('server').read({ kind: 'record', collection: 'items', id: 'r2' })).toBeUndefined();

    expect(world.replica('c1').apply({ kind: 'upgradeSchema', version: 3 })).toEqual({ status: 'applied' });
    world.settle();
    expect(record(world, 'c1')).toEqual({ title: 'a', state: 'todo', archived: false });
    // Its offline write, made at version 1, was migrated with the client and reached the server.
    expect(world.replica('server').read({ kind: 'record', collection: 'items', id: 'r2' })).toEqual({
      title: 'b',
      state: 'todo',
      archived: false,
    });
    expect(world.replica('c1').apply({ kind: 'upgradeSchema', version: 2 })).toMatchObject({
      status: 'rejected',
    });
  });
});
