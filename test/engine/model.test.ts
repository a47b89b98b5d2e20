// Model-based tests of the reference engine (fast-check `commands`): random interleavings of
// local edits, message deliveries, disconnects, reconnects and crashes of clients and server,
// run against the engine's replicas wired by hand-held FIFO queues, and checked against a
// simple model of what must survive. After every run everyone reconnects and every queue
// drains; then all replicas must equal the server, every record created and never deleted must
// exist, and every text token inserted and never deleted must be in the text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Replica, ReplicaContext, ReplicaId } from '../../adapters/contract.ts';
import { referenceAdapterWith } from '../../adapters/reference/index.ts';
import { canonicalJson } from '../../src/runner/canonical.ts';
import { randomStream } from '../../src/sim/prng.ts';
import { makeToken, tokenBoundaries, tokensIn } from '../../scenarios/workloads/text-tokens.ts';

const CLIENTS = ['c1', 'c2', 'c3'] as const;
type ClientId = (typeof CLIENTS)[number];
const SCHEMA = { collections: ['items'], texts: ['doc'] };

/** What must survive: records created and not deleted, tokens inserted and not deleted. */
interface Model {
  readonly created: Set<string>;
  readonly deleted: Set<string>;
  readonly tokens: Set<string>;
  readonly deletedTokens: Set<string>;
}

/** The engine's replicas, with a FIFO queue per direction per client while connected. */
class World {
  readonly storage = new Map<string, Map<string, Uint8Array>>();
  readonly replicas = new Map<string, Replica>();
  readonly up = new Map<ClientId, Uint8Array[]>();
  readonly down = new Map<ClientId, Uint8Array[]>();
  readonly online = new Set<ClientId>();
  private clock = 0;
  private seq = 0;

  constructor(private readonly compactEvery: number) {
    for (const id of ['server', ...CLIENTS]) this.spawn(id);
  }

  nextSeq(): number {
    return ++this.seq;
  }

  spawn(id: string): void {
    const map = this.storage.get(id) ?? new Map<string, Uint8Array>();
    this.storage.set(id, map);
    const server = id === 'server';
    const ctx: ReplicaContext = {
      id: id as ReplicaId,
      role: server ? 'server' : 'client',
      peers: (server ? [...CLIENTS] : ['server']) as ReplicaId[],
      topology: 'star',
      transport: 'stream',
      schema: SCHEMA,
      incarnation: 0,
      send: (to, bytes) => {
        const queue = server ? this.down.get(to as ClientId) : this.up.get(id as ClientId);
        queue?.push(bytes);
      },
      now: () => this.clock,
      random: randomStream(1, id),
      timers: { after: () => () => {}, every: () => () => {} },
      storage: {
        get: (k) => map.get(k),
        set: (k, v) => void map.set(k, v),
        delete: (k) => void map.delete(k),
        keys: () => [...map.keys()],
      },
      log: () => {},
    };
    this.replicas.set(
      id,
      referenceAdapterWith({
        compactEvery: this.compactEvery,
        snapshotPart: 2,
        keepTombstones: this.compactEvery * 2,
      }).createReplica(ctx),
    );
  }

  replica(id: string): Replica {
    const replica = this.replicas.get(id);
    if (!replica) throw new Error(`no ${id}`);
    return replica;
  }

  tick(): void {
    this.clock += 7;
  }

  connect(id: ClientId): void {
    if (this.online.has(id)) return;
    this.online.add(id);
    this.up.set(id, []);
    this.down.set(id, []);
    this.replica('server').connected(id as ReplicaId);
    this.replica(id).connected('server' as ReplicaId);
  }

  disconnect(id: ClientId): void {
    if (!this.online.delete(id)) return;
    this.up.delete(id);
    this.down.delete(id);
    this.replica('server').disconnected(id as ReplicaId);
    this.replica(id).disconnected('server' as ReplicaId);
  }

  deliver(id: ClientId, direction: 'up' | 'down', count: number): void {
    for (let i = 0; i < count; i++) {
      const message = (direction === 'up' ? this.up : this.down).get(id)?.shift();
      if (!message) return;
      if (direction === 'up') this.replica('server').receive(id as ReplicaId, message);
      else this.replica(id).receive('server' as ReplicaId, message);
    }
  }

  crash(id: string): void {
    if (id === 'server') for (const c of CLIENTS) this.disconnect(c);
    else this.disconnect(id as ClientId);
    this.spawn(id);
  }

  /** Everyone online, every message delivered. */
  settle(): void {
    for (const c of CLIENTS) this.connect(c);
    for (let round = 0; round < 1_000; round++) {
      let moved = false;
      for (const c of CLIENTS) {
        for (const direction of ['up', 'down'] as const) {
          if (((direction === 'up' ? this.up : this.down).get(c)?.length ?? 0) > 0) {
            this.deliver(c, direction, 1);
            moved = true;
          }
        }
      }
      if (!moved) return;
    }
    throw new Error('messages kept flowing');
  }
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

function check(compactEvery: number, seed: number, numRuns: number): void {
  fc.assert(
    fc.property(commands, (cmds) => {
      const world = new World(compactEvery);
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
});
