// The history checker under schema migrations: every write and every record a replica held is
// moved to the newest version first, so a write made at v2 to a renamed field supersedes the v1
// write it had seen, an added field's default is no phantom, and a value nobody wrote still is.
import { describe, expect, it } from 'vitest';
import type { Capabilities, Fields, Op, SchemaDefinition } from '../../src/contract/contract.ts';
import { lensMigration } from '../../src/contract/schema-lens.ts';
import { History } from '../../src/runner/history.ts';

const CAPS: Capabilities = {
  ops: ['create', 'update', 'delete', 'upgradeSchema'],
  text: 'crdt-text',
  records: 'lww-field',
  transports: ['stream'],
  topologies: ['star'],
  partialSync: false,
  async: false,
};

/** v2 renames `size` to `tshirt` and adds `owner` (default "nobody"). */
const SCHEMA: SchemaDefinition = {
  collections: ['items'],
  texts: [],
  migrations: [
    lensMigration(
      2,
      { kind: 'renameField', from: 'size', to: 'tshirt' },
      { kind: 'addField', field: 'owner', value: 'nobody' },
    ),
  ],
};

/** One replica's record as its app version holds it, for the checker's reads. */
function write(
  history: History,
  replica: string,
  version: number,
  op: Op,
  held: Fields | undefined,
  after: Fields | undefined,
): void {
  let state = held;
  const read = () => state;
  const before = history.before(op, read, version);
  state = after;
  history.written(replica, 0, before, { status: 'applied' }, [], [], read);
}

/** c1 at v1 creates a record; c2, at v2 and holding it migrated, then sets its `tshirt`. */
function renamedUpdate(): History {
  const history = new History(CAPS, SCHEMA);
  const created = { status: 'todo#c1-e1', size: 'S#c1-e1' };
  write(
    history,
    'c1',
    1,
    { kind: 'create', collection: 'items', id: 'c1-e1', fields: created },
    undefined,
    created,
  );
  const held = { status: 'todo#c1-e1', tshirt: 'S#c1-e1', owner: 'nobody' };
  write(
    history,
    'c2',
    2,
    { kind: 'update', collection: 'items', id: 'c1-e1', fields: { tshirt: 'M#c2-e1' } },
    held,
    { ...held, tshirt: 'M#c2-e1' },
  );
  return history;
}

const state = (fields: Fields) => ({ collections: { items: { 'c1-e1': fields } }, texts: {} });

describe('the history checker under schema migrations', () => {
  it('takes a v2 write to a renamed field as the one that stays, and the added field’s default as written', () => {
    const verdict = renamedUpdate().verdict(
      state({ status: 'todo#c1-e1', tshirt: 'M#c2-e1', owner: 'nobody' }),
    );
    expect(verdict).toMatchObject({ writes: 2, violations: 0 });
  });

  it('finds the v1 value the v2 write had seen and replaced: a lost update', () => {
    const verdict = renamedUpdate().verdict(
      state({ status: 'todo#c1-e1', tshirt: 'S#c1-e1', owner: 'nobody' }),
    );
    expect(verdict.byKind).toEqual({ 'lost update': 1 });
    expect(verdict.examples[0]).toMatchObject({ key: 'items/c1-e1.tshirt', replica: 'c2' });
  });

  it('finds a value nobody wrote in an added field: a phantom', () => {
    const verdict = renamedUpdate().verdict(
      state({ status: 'todo#c1-e1', tshirt: 'M#c2-e1', owner: 'somebody' }),
    );
    expect(verdict.byKind).toEqual({ phantom: 1 });
    expect(verdict.examples[0]).toMatchObject({ key: 'items/c1-e1.owner' });
  });

  it('finds a v1 write gone under its new name: the field is missing', () => {
    const verdict = renamedUpdate().verdict(state({ status: 'todo#c1-e1', owner: 'nobody' }));
    expect(verdict.byKind).toEqual({ 'lost update': 1 });
    expect(verdict.examples[0]).toMatchObject({ key: 'items/c1-e1.tshirt', detail: 'the field is gone' });
  });

  it('does not judge field values under a migration without lenses (its up could make anything)', () => {
    const opaque: SchemaDefinition = {
      ...SCHEMA,
      migrations: [{ version: 2, up: (_c, f) => ({ ...f, owner: 'made up' }) }],
    };
    const history = new History(CAPS, opaque);
    const fields = { status: 'todo#c1-e1' };
    write(history, 'c1', 1, { kind: 'create', collection: 'items', id: 'c1-e1', fields }, undefined, fields);
    expect(history.verdict(state({ status: 'anything', owner: 'made up' }))).toMatchObject({ violations: 0 });
  });
});
