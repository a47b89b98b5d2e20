/**
 * A fuzz case as plain data: how many clients, the network they start on, and a schedule of
 * local edits (by intent, so any sequence is valid) and faults (partitions, offline periods,
 * crashes and restarts, link changes). fast-check generates and shrinks these; a case becomes a
 * JSON scenario, the same file `syncbench replay` and `syncbench run` read, so what failed is
 * exactly what re-runs.
 */
import fc from 'fast-check';
import { kindsOf } from '../contract/kinds.ts';
import type { EditIntent } from '../scenario/edit-intent.ts';
import type { LinkProfile } from '../sim/link-profile.ts';
import { LATENCY_DISTRIBUTIONS } from '../sim/link-profile.ts';

export const COLLECTION = 'items';
export const TEXT = 'doc';

/**
 * The schema versions a case with upgrades declares, as JSON lenses: v2 renames `size` to
 * `tshirt` and adds `owner` (default "nobody"), v3 adds `archived` (default "no"). Fields stay
 * strings, so every value a v2 or v3 app writes is tagged too.
 */
export const FUZZ_MIGRATIONS = [
  {
    version: 2,
    lens: [
      { kind: 'renameField', from: 'size', to: 'tshirt' },
      { kind: 'addField', field: 'owner', value: 'nobody' },
    ],
  },
  { version: 3, lens: [{ kind: 'addField', field: 'archived', value: 'no' }] },
] as const;

/** Which way a one-way fault acts: `up` is client→server, `down` server→client. */
export type Direction = 'up' | 'down';

export type FuzzFault =
  | { readonly kind: 'partition'; readonly cut: readonly number[] }
  /** The clients in `cut` and the server: messages one way are blocked, the other way flow. */
  | { readonly kind: 'one-way'; readonly cut: readonly number[]; readonly direction: Direction }
  | { readonly kind: 'heal' }
  | { readonly kind: 'offline' | 'online'; readonly client: number }
  /** `target` 0 is the server, k ≥ 1 client k. */
  | { readonly kind: 'crash' | 'restart'; readonly target: number }
  /** The server crashes (its own kind, so a search weighs it like any other fault). */
  | { readonly kind: 'server-crash' }
  /** `direction` absent: `up`. */
  | {
      readonly kind: 'degrade';
      readonly client: number;
      readonly profile: LinkProfile;
      readonly direction?: Direction;
    };

/** Every fault kind the fuzzer can generate. */
export const FAULT_KINDS = kindsOf<FuzzFault['kind']>({
  partition: true,
  'one-way': true,
  heal: true,
  offline: true,
  online: true,
  crash: true,
  'server-crash': true,
  restart: true,
  degrade: true,
});

export type FuzzStep =
  | { readonly at: number; readonly client: number; readonly edit: EditIntent }
  /** Record edits at one instant, applied as one unit of work (a scenario's `edits` step). */
  | { readonly at: number; readonly client: number; readonly batch: readonly EditIntent[] }
  | { readonly at: number; readonly fault: FuzzFault };

export interface FuzzCase {
  /** Seed of the simulation (latencies, losses, engines' own randomness). */
  readonly seed: number;
  /**
   * Absent: a star of `clients` clients and a server. `mesh`: `clients` peers (at least 2) and
   * no server; what a star case does to the server (a server crash, target 0) befalls p1, and a
   * client's link is the one to the next peer.
   */
  readonly topology?: 'mesh';
  readonly clients: number;
  readonly network: LinkProfile;
  readonly steps: readonly FuzzStep[];
  /**
   * Clients that sync only the records of team 1 (engines with partial sync): records move in
   * and out of their slice as updates change a record's team.
   */
  readonly subscribed?: readonly number[];
}

export interface CaseLimits {
  readonly maxClients: number;
  readonly maxOps: number;
  readonly maxFaults: number;
  /** Edit kinds to generate (those the engine supports). */
  readonly edits: readonly EditIntent['kind'][];
  readonly faults: readonly FuzzFault['kind'][];
  /** Whether the base network may lose, duplicate, reorder and reset. */
  readonly unreliable: boolean;
  /** The latest a step may fall, virtual ms (at least the 10 s of the busy stretch). */
  readonly maxDurationMs: number;
  /** The topologies to generate (what the engine supports). */
  readonly topologies: readonly ('star' | 'mesh')[];
  /** Whether the engine syncs slices: records get a `team`, and some clients sync team 1 only. */
  readonly partialSync?: boolean;
}

/**
 * Cases reach 3 minutes by default: offline stretches of two minutes outlast a one-minute
 * tombstone purge. Longer ones cost engines whose own timers tick while idle (y-websocket's
 * every 3 s): at 10 minutes Yjs fuzzed about a fifth slower than at 3. `--max-duration 3w`
 * reaches weeks.
 */
export const DEFAULT_MAX_DURATION_MS = 180_000;

/** The busy stretch: steps on a 250 ms grid over 10 s, so edits on different clients at the same instant happen often. */
const BUSY_MS = 10_000;
const grid = fc.integer({ min: 0, max: BUSY_MS / 250 }).map((i) => i * 250);
/** Where later steps fall: after an idle stretch of these lengths (the simulator skips idle time). */
const LATER_MS = [30_000, 60_000, 120_000, 600_000, 3_600_000, 86_400_000, 7 * 86_400_000, 21 * 86_400_000];

/**
 * A step's time: mostly in the busy stretch; one in six after an idle stretch of up to
 * `maxDurationMs` (a replica offline for minutes or weeks, tombstones old enough to purge).
 */
function atArb(maxDurationMs: number): fc.Arbitrary<number> {
  const later = LATER_MS.filter((ms) => ms + BUSY_MS <= maxDurationMs);
  if (later.length === 0) return grid;
  return fc.oneof(
    { weight: 5, arbitrary: grid },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...later), grid).map(([gap, t]) => gap + t) },
  );
}
const slot = fc.nat({ max: 7 });
const small = (max: number) => fc.integer({ min: 0, max });

/** Bandwidth caps, bits/s: none most of the time, else from a poor mobile link to broadband. */
const rateArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant(0) },
  { weight: 1, arbitrary: fc.constantFrom(64_000, 256_000, 1_000_000, 10_000_000) },
);

function profileArb(unreliable: boolean): fc.Arbitrary<LinkProfile> {
  const p = (max: number) => (unreliable ? fc.integer({ min: 0, max }).map((n) => n / 100) : fc.constant(0));
  return fc.record({
    delay: small(200),
    jitter: small(50),
    distribution: fc.constantFrom(...LATENCY_DISTRIBUTIONS),
    loss: p(30),
    duplicate: p(20),
    reorder: p(30),
    reset: p(5),
    rate: rateArb,
  });
}

function editArb(kinds: readonly EditIntent['kind'][], partialSync = false): fc.Arbitrary<EditIntent> {
  // String fields: each value written is tagged with its edit (`value-tags.ts`), so the history
  // checker can tell which write every replica's value came from. A subscription's `where` needs
  // a value as it is, so `team` (partial sync only) is a number, which no tag marks.
  const status = fc.constantFrom('todo', 'doing', 'done');
  const size = fc.constantFrom('S', 'M', 'L');
  const team = fc.constantFrom(1, 2);
  const fields: fc.Arbitrary<Record<string, string | number>> = partialSync
    ? fc.record({ status, size, team })
    : fc.record({ status, size });
  const changes: fc.Arbitrary<Record<string, string | number>> = partialSync
    ? fc.oneof(fc.record({ status }), fc.record({ size }), fc.record({ team }))
    : fc.oneof(fc.record({ status }), fc.record({ size }));
  const all: Record<EditIntent['kind'], fc.Arbitrary<EditIntent>> = {
    create: fields.map((f) => ({ kind: 'create', collection: COLLECTION, fields: f })),
    update: fc
      .tuple(slot, changes)
      .map(([s, f]) => ({ kind: 'update', collection: COLLECTION, slot: s, fields: f })),
    delete: slot.map((s) => ({ kind: 'delete', collection: COLLECTION, slot: s })),
    insert: slot.map((s) => ({ kind: 'insert', doc: TEXT, slot: s })),
    erase: slot.map((s) => ({ kind: 'erase', doc: TEXT, slot: s })),
    upgrade: fc.constant({ kind: 'upgrade' }),
  };
  const edits = fc.oneof(...kinds.filter((k) => k !== 'upgrade').map((k) => all[k]));
  // One edit in ten is a schema upgrade, where the engine takes them (two reach the newest version).
  return kinds.includes('upgrade')
    ? fc.oneof({ weight: 9, arbitrary: edits }, { weight: 1, arbitrary: all.upgrade })
    : edits;
}

function faultArb(limits: CaseLimits): fc.Arbitrary<FuzzFault> {
  const client = fc.integer({ min: 1, max: limits.maxClients });
  const cut = fc
    .uniqueArray(client, { minLength: 1, maxLength: limits.maxClients })
    .map((cut) => [...cut].sort((a, b) => a - b));
  const direction = fc.constantFrom<Direction>('up', 'down');
  const all: Record<FuzzFault['kind'], fc.Arbitrary<FuzzFault>> = {
    partition: cut.map((c) => ({ kind: 'partition', cut: c })),
    'one-way': fc.tuple(cut, direction).map(([c, d]) => ({ kind: 'one-way', cut: c, direction: d })),
    heal: fc.constant({ kind: 'heal' }),
    offline: client.map((c) => ({ kind: 'offline', client: c })),
    online: client.map((c) => ({ kind: 'online', client: c })),
    crash: client.map((t) => ({ kind: 'crash', target: t })),
    'server-crash': fc.constant({ kind: 'server-crash' }),
    restart: fc.integer({ min: 0, max: limits.maxClients }).map((t) => ({ kind: 'restart', target: t })),
    degrade: fc
      .tuple(client, profileArb(true), direction)
      .map(([c, profile, d]) => ({ kind: 'degrade', client: c, profile, direction: d })),
  };
  return fc.oneof(...limits.faults.map((k) => all[k]));
}

/** Cases within `limits`; fast-check shrinks them towards fewer clients, steps and faults. */
export function caseArb(limits: CaseLimits): fc.Arbitrary<FuzzCase> {
  const at = atArb(limits.maxDurationMs);
  const client = fc.integer({ min: 1, max: limits.maxClients });
  const single: fc.Arbitrary<FuzzStep> = fc.record({
    at,
    client,
    edit: editArb(limits.edits, limits.partialSync),
  });
  const recordKinds = limits.edits.filter((k) => k === 'create' || k === 'update' || k === 'delete');
  // One edit step in ten is a batched write of 2 to 4 record edits.
  const edit: fc.Arbitrary<FuzzStep> = recordKinds.length
    ? fc.oneof(
        { weight: 9, arbitrary: single },
        {
          weight: 1,
          arbitrary: fc.record({
            at,
            client,
            batch: fc.array(editArb(recordKinds, limits.partialSync), { minLength: 2, maxLength: 4 }),
          }),
        },
      )
    : single;
  const fault = limits.faults.length ? fc.record({ at, fault: faultArb(limits) }) : undefined;
  const shape = fc
    .tuple(fc.constantFrom(...limits.topologies), fc.integer({ min: 1, max: limits.maxClients }))
    .map(([topology, clients]) =>
      topology === 'mesh' ? { topology, clients: Math.max(2, clients) } : { clients },
    );
  // One case in three with partial sync has clients that sync a slice.
  const subscribed = limits.partialSync
    ? fc.oneof(
        { weight: 2, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.uniqueArray(client, { minLength: 1, maxLength: limits.maxClients }) },
      )
    : fc.constant(undefined);
  return fc
    .record({
      seed: fc.nat({ max: 0xffff }),
      shape,
      network: profileArb(limits.unreliable),
      subscribed,
      steps: fc
        .tuple(
          fc.array(edit, { minLength: 1, maxLength: limits.maxOps }),
          fault ? fc.array(fault, { maxLength: limits.maxFaults }) : fc.constant([]),
        )
        .map(([edits, faults]): FuzzStep[] => [...edits, ...faults]),
    })
    .map(({ shape, subscribed, ...rest }): FuzzCase => ({
      ...rest,
      ...shape,
      ...(subscribed && shape.topology !== 'mesh'
        ? { subscribed: [...subscribed].sort((a, b) => a - b) }
        : {}),
    }));
}

/** How big a case is: what shrinking reduces. */
export function caseSize(c: FuzzCase): { clients: number; ops: number; faults: number } {
  const ops = c.steps.reduce((n, s) => n + ('edit' in s ? 1 : 'batch' in s ? s.batch.length : 0), 0);
  return { clients: c.clients, ops, faults: c.steps.filter((s) => 'fault' in s).length };
}

/** What a replay file records besides the scenario: how to re-run it and what it showed. */
export interface FuzzProvenance {
  readonly engine: string;
  readonly seed: number;
  readonly property?: string;
  readonly failure?: string;
  readonly fastCheck?: {
    readonly seed: number;
    readonly path: string;
    readonly runs: number;
    readonly shrinks: number;
  };
  readonly size?: {
    readonly before: ReturnType<typeof caseSize>;
    readonly after: ReturnType<typeof caseSize>;
  };
  readonly case: FuzzCase;
}

/** The JSON scenario a case is: the file a failure is written to, and what every run reads. */
export function caseScenario(
  c: FuzzCase,
  options: {
    readonly name: string;
    readonly transport: 'stream' | 'datagram';
    readonly fuzz?: FuzzProvenance;
  },
): Record<string, unknown> {
  const mesh = c.topology === 'mesh';
  const prefix = mesh ? 'p' : 'c';
  const client = (k: number): string => `${prefix}${((k - 1) % c.clients) + 1}`;
  const clients = Array.from({ length: c.clients }, (_, i) => `${prefix}${i + 1}`);
  const server = mesh ? 'p1' : 'server';
  const target = (t: number): string => (t === 0 ? server : client(t));
  /** Who a client's link leads to: the server, or in a mesh the next peer. */
  const across = (k: number): string => (mesh ? client(k + 1) : 'server');
  const fault = (f: FuzzFault): Record<string, unknown> => {
    const cut = 'cut' in f ? [...new Set(f.cut.map(client))].sort() : [];
    const rest = [...(mesh ? [] : ['server']), ...clients.filter((id) => !cut.includes(id))];
    switch (f.kind) {
      case 'partition':
        return rest.length ? { kind: 'partition', groups: [cut, rest] } : { kind: 'heal' };
      case 'one-way':
        if (!rest.length) return { kind: 'heal' };
        return f.direction === 'up'
          ? { kind: 'partitionOneWay', from: cut, to: rest }
          : { kind: 'partitionOneWay', from: rest, to: cut };
      case 'heal':
        return { kind: 'heal' };
      case 'server-crash':
        return { kind: 'crash', replica: server };
      case 'offline':
      case 'online':
        return { kind: f.kind, replica: client(f.client) };
      case 'crash':
      case 'restart':
        return { kind: f.kind, replica: target(f.target) };
      case 'degrade':
        return f.direction === 'down'
          ? { kind: 'degrade', from: across(f.client), to: client(f.client), profile: f.profile }
          : { kind: 'degrade', from: client(f.client), to: across(f.client), profile: f.profile };
    }
  };
  const steps = [...c.steps]
    .sort((a, b) => a.at - b.at)
    .map((s) =>
      'edit' in s
        ? { at: s.at, kind: 'edit', replica: client(s.client), edit: s.edit }
        : 'batch' in s
          ? { at: s.at, kind: 'edits', replica: client(s.client), edits: s.batch }
          : { at: s.at, kind: 'fault', fault: fault(s.fault) },
    );
  return {
    name: options.name,
    description: `fuzz case: ${c.clients} clients, ${caseSize(c).ops} edits, ${caseSize(c).faults} faults`,
    topology: mesh ? 'mesh' : 'star',
    replicas: c.clients,
    transport: options.transport,
    profile: c.network,
    schema: {
      collections: [COLLECTION],
      texts: [TEXT],
      ...(c.steps.some((s) => 'edit' in s && s.edit.kind === 'upgrade')
        ? { migrations: FUZZ_MIGRATIONS }
        : {}),
    },
    steps: [{ at: 0, kind: 'phase', name: 'fuzz' }, ...steps],
    ...(c.subscribed?.length
      ? {
          subscriptions: Object.fromEntries(
            [...new Set(c.subscribed.map(client))].map((id) => [
              id,
              { collection: COLLECTION, where: { team: 1 } },
            ]),
          ),
        }
      : {}),
    settleDeadline: '10m',
    ...(options.fuzz ? { fuzz: options.fuzz } : {}),
  };
}
