// Model-based tests of the reference engine (fast-check `commands`): random interleavings of
// local edits, message deliveries, disconnects, reconnects and crashes of clients and server,
// run against the engine's replicas wired by hand-held FIFO queues, and checked against a
// simple model of what must survive. After every run everyone reconnects and every queue
// drains; then all replicas must equal the server, every record created and never deleted must
// exist, and every text token inserted and never deleted must be in the text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/contract/canonical.ts';
import { makeToken, tokenBoundaries, tokensIn } from '../../src/scenario/workloads/text-tokens.ts';
import type { ClientId } from './world.ts';
import { CLIENTS, World } from './world.ts';

/** What must survive: records created and not deleted, tokens inserted and not deleted. */
interface Model {
  readonly created: Set<string>;
  readonly deleted: Set<string>;
  readonly tokens: Set<string>;
  readonly deletedTokens: Set<string>;
}

type Command = fc.Command<Model, World>;

class Edit implements Command {
  constructor(
    readonly client: ClientId,
    readonly kind: 'create' | 'update' | 'delete' | 'insert' | 'erase',
    readonly pick: number,
  ) {}
  check(): boolean {
    return true;
  }
  run(model: Model, world: World): void {
    world.tick();
    const replica = world.replica(this.client);
    const items = Object.keys(replica.snapshot().collections.items ?? {}).sort();
    const text = replica.read({ kind: 'text', doc: 'doc' }) as string;
    const target = items[this.pick % Math.max(1, items.length)];
    switch (this.kind) {
      case 'create': {
        const id = `${this.client}-${world.nextSeq()}`;
        replica.apply({ kind: 'create', collection: 'items', id, fields: { v: this.pick } });
        model.created.add(id);
        return;
      }
      case 'update':
        if (target)
          replica.apply({ kind: 'update', collection: 'items', id: target, fields: { v: this.pick } });
        return;
      case 'delete':
        if (target && replica.apply({ kind: 'delete', collection: 'items', id: target }).status === 'applied')
          model.deleted.add(target);
        return;
      case 'insert': {
        const token = makeToken(this.client, world.nextSeq());
        const at = tokenBoundaries(text);
        replica.apply({ kind: 'textInsert', doc: 'doc', index: at[this.pick % at.length] ?? 0, text: token });
        for (const t of tokensIn(token)) model.tokens.add(t.token);
        return;
      }
      case 'erase': {
        const present = tokensIn(text);
        const victim = present[this.pick % Math.max(1, present.length)];
        if (!victim) return;
        replica.apply({ kind: 'textDelete', doc: 'doc', index: victim.index, length: victim.token.length });
        model.deletedTokens.add(victim.token);
      }
    }
  }
  toString(): string {
    return `${this.client}.${this.kind}(${this.pick})`;
  }
}

class Deliver implements Command {
  constructor(
    readonly client: ClientId,
    readonly direction: 'up' | 'down',
    readonly count: number,
  ) {}
  check(): boolean {
    return true;
  }
  run(_model: Model, world: World): void {
    world.deliver(this.client, this.direction, this.count);
  }
  toString(): string {
    return `deliver ${this.direction} ${this.client} ×${this.count}`;
  }
}

class Network implements Command {
  constructor(
    readonly client: ClientId,
    readonly action: 'connect' | 'disconnect',
  ) {}
  check(): boolean {
    return true;
  }
  run(_model: Model, world: World): void {
    if (this.action === 'connect') world.connect(this.client);
    else world.disconnect(this.client);
  }
  toString(): string {
    return `${this.action} ${this.client}`;
  }
}

class Crash implements Command {
  constructor(readonly who: ClientId | 'server') {}
  check(): boolean {
    return true;
  }
  run(_model: Model, world: World): void {
    world.crash(this.who);
  }
  toString(): string {
    return `crash ${this.who}`;
  }
}

const client = fc.constantFrom(...CLIENTS);
const commands = fc.commands(
  [
    fc
      .tuple(client, fc.constantFrom('create', 'update', 'delete', 'insert', 'erase' as const), fc.nat(50))
      .map(([c, k, p]) => new Edit(c, k, p)),
    fc
      .tuple(client, fc.constantFrom('up', 'down' as const), fc.integer({ min: 1, max: 4 }))
      .map(([c, d, n]) => new Deliver(c, d, n)),
    fc.tuple(client, fc.constantFrom('connect', 'disconnect' as const)).map(([c, a]) => new Network(c, a)),
    fc.constantFrom<ClientId | 'server'>('server', ...CLIENTS).map((who) => new Crash(who)),
  ],
  { maxCommands: 80, size: 'max' },
);

function check(
  compactEvery: number,
  seed: number,
  numRuns: number,
  deleteVsUpdate: 'delete-wins' | 'update-wins' = 'delete-wins',
): void {
  fc.assert(
    fc.property(commands, (cmds) => {
      const world = new World(
        { compactEvery, snapshotPart: 2, keepTombstones: compactEvery * 2 },
        { collections: ['items'], texts: ['doc'], deleteVsUpdate },
      );
      const model: Model = {
        created: new Set(),
        deleted: new Set(),
        tokens: new Set(),
        deletedTokens: new Set(),
      };
      for (const c of CLIENTS) world.connect(c);
      fc.modelRun(() => ({ model, real: world }), cmds);
      world.settle();
      const server = world.replica('server').snapshot();
      for (const c of CLIENTS)
        expect(canonicalJson(world.replica(c).snapshot()), c).toBe(canonicalJson(server));
      const items = server.collections.items ?? {};
      for (const id of model.created)
        if (!model.deleted.has(id)) expect(items[id], `record ${id}`).toBeDefined();
      const text = new Set(tokensIn(server.texts.doc ?? '').map((t) => t.token));
      for (const token of model.tokens)
        if (!model.deletedTokens.has(token)) expect(text.has(token), token).toBe(true);
    }),
    { seed, numRuns },
  );
}

/** Cases per property; `npm run test:model-long` runs many more. */
const RUNS = Number(process.env.MODEL_RUNS ?? 150);

describe('reference engine against a model', () => {
  it('converges and keeps every insert under random deliveries, disconnects and crashes', () => {
    check(1_000, 42, RUNS);
  });

  it('does the same while compacting every 5 changes (snapshots, collected tombstones)', () => {
    check(5, 43, RUNS);
  });

  it("does the same when updates win over concurrent deletes ('update-wins')", () => {
    check(5, 44, RUNS, 'update-wins');
  });
});
