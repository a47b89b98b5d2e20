/**
 * large-workspace: an admin client writes a big workspace in batches (projects, tasks and
 * comments spread over teams) and syncs it to the server. Then a new client bootstraps all of it
 * over a 10 Mbit/s, 80 ms link, and another bootstraps only its team's tasks where the engine can
 * sync a slice. Then live edits flow. Seeding, the two bootstraps and the live phase are separate
 * phases, and each bootstrap is a catch-up watch: bytes, time, and what the client stores.
 */
import type { Fields, Op } from '../src/contract/contract.ts';
import type { LinkProfile } from '../src/sim/link-profile.ts';
import { PROFILES } from '../src/sim/link-profile.ts';
import type { RandomStream } from '../src/sim/prng.ts';
import type { Scale, Step } from '../src/scenario/define-scenario.ts';
import { defineScenario } from '../src/scenario/define-scenario.ts';
import { ms } from '../src/scenario/duration.ts';

const RECORDS: Record<Scale, number> = { ci: 2_000, default: 20_000, large: 200_000 };
const TEAMS = 8;
const BATCH = 500;
/** Shares of the workspace per collection. */
const SHARES = [
  ['projects', 0.05],
  ['tasks', 0.6],
  ['comments', 0.35],
] as const;
const STATUSES = ['todo', 'doing', 'review', 'done'];

/** The link of the two new clients: 10 Mbit/s, 80 ms each way. */
const NEW_CLIENT_LINK: LinkProfile = { ...PROFILES.wifi, delay: 80, jitter: 5, loss: 0, rate: 10_000_000 };

const ADMIN = 'c1';
const NEWCOMER = 'c2';
const TEAM_MEMBER = 'c3';

/** The fields of record number `n` of `collection`. */
function recordFields(collection: string, n: number, random: RandomStream): Fields {
  const team = `team-${(n % TEAMS) + 1}`;
  const common = { team, createdBy: `user-${random.int(1, 60)}` };
  switch (collection) {
    case 'projects':
      return { ...common, name: `Project ${n}`, archived: false };
    case 'tasks':
      return {
        ...common,
        title: `Task ${n}: ${random.chance(0.5) ? 'fix' : 'write'} the ${random.chance(0.5) ? 'sync' : 'import'} path`,
        status: STATUSES[random.int(0, STATUSES.length - 1)] ?? 'todo',
        priority: random.int(1, 5),
        estimate: random.int(1, 13),
      };
    default:
      return {
        ...common,
        on: `tasks/t${random.int(1, 1000)}`,
        body: `Comment ${n}: looks good, one question about the edge case.`,
      };
  }
}

/** Every create of the workspace, collection by collection. */
function workspace(records: number, random: RandomStream): Op[] {
  const ops: Op[] = [];
  for (const [collection, share] of SHARES) {
    const count = Math.round(records * share);
    const prefix = collection[0] ?? 'r';
    for (let n = 1; n <= count; n++)
      ops.push({
        kind: 'create',
        collection,
        id: `${prefix}${n}`,
        fields: recordFields(collection, n, random),
      });
  }
  return ops;
}

export const largeWorkspace = defineScenario({
  name: 'large-workspace',
  description:
    'A server holds a large workspace (ci 2,000 / default 20,000 / large 200,000 records in three ' +
    'collections over 8 teams). A new client bootstraps it over 10 Mbit/s and 80 ms; another ' +
    "bootstraps only its team's tasks where the engine syncs slices; then live edits flow. Measures " +
    'bootstrap bytes and time, stored bytes, and (in timing) peak heap.',
  plan(scale, random) {
    const ops = workspace(RECORDS[scale], random('workspace'));
    const steps: Step[] = [
      { at: 0, kind: 'phase', name: 'seed' },
      ...[NEWCOMER, TEAM_MEMBER].flatMap((c): Step[] => [
        { at: 0, kind: 'fault', fault: { kind: 'offline', replica: c } },
        { at: 0, kind: 'fault', fault: { kind: 'degrade', from: c, to: 'server', profile: NEW_CLIENT_LINK } },
        { at: 0, kind: 'fault', fault: { kind: 'degrade', from: 'server', to: c, profile: NEW_CLIENT_LINK } },
      ]),
    ];
    const batches = Math.ceil(ops.length / BATCH);
    for (let b = 0; b < batches; b++)
      steps.push({
        at: ms('1s') * (b + 1),
        kind: 'batch',
        replica: ADMIN,
        ops: ops.slice(b * BATCH, (b + 1) * BATCH),
      });
    const seeded = ms('1s') * batches;
    steps.push({ at: seeded, kind: 'catchUp', name: 'seed to server', replica: 'server', against: ADMIN });
    // Generous room for the slowest engine to upload everything before anyone bootstraps.
    const bootstrap = seeded + ms('10m');
    const slice = bootstrap + ms('20m');
    const live = slice + ms('20m');
    steps.push(
      { at: bootstrap, kind: 'phase', name: 'bootstrap' },
      { at: bootstrap, kind: 'fault', fault: { kind: 'online', replica: NEWCOMER } },
      { at: bootstrap, kind: 'catchUp', name: 'full bootstrap', replica: NEWCOMER },
      { at: bootstrap, kind: 'sample' },
      { at: slice, kind: 'phase', name: 'slice bootstrap' },
      { at: slice, kind: 'fault', fault: { kind: 'online', replica: TEAM_MEMBER } },
      { at: slice, kind: 'catchUp', name: 'team slice bootstrap', replica: TEAM_MEMBER },
      { at: slice, kind: 'sample' },
      { at: live, kind: 'phase', name: 'live' },
      { at: live, kind: 'sample' },
      ...liveEdits(live, ops, random('live')),
    );
    return {
      topology: 'star',
      replicas: 3,
      transport: 'stream',
      profile: PROFILES.wifi,
      schema: { collections: SHARES.map(([c]) => c), texts: ['notes'] },
      subscriptions: { [TEAM_MEMBER]: { collection: 'tasks', where: { team: 'team-1' } } },
      sliceFallback: 'full-sync',
      steps,
      settleDeadlineMs: ms('30m'),
    };
  },
});

/** Ten minutes of edits by all three clients: status and priority changes, new tasks, comments. */
function liveEdits(from: number, seeded: readonly Op[], random: RandomStream): Step[] {
  const tasks = seeded.flatMap((op) => (op.kind === 'create' && op.collection === 'tasks' ? [op] : []));
  const teamTasks = tasks.filter((op) => op.fields.team === 'team-1');
  const steps: Step[] = [];
  const editors = [ADMIN, NEWCOMER, TEAM_MEMBER];
  for (let i = 0; i < 300; i++) {
    const replica = editors[i % editors.length] ?? ADMIN;
    const at = from + random.int(0, ms('10m'));
    // The team member only sees team-1's tasks, so it edits those.
    const pool = replica === TEAM_MEMBER ? teamTasks : tasks;
    const target = pool[random.int(0, pool.length - 1)];
    const op: Op =
      random.chance(0.15) || !target
        ? {
            kind: 'create',
            collection: 'tasks',
            id: `live-${replica}-${i}`,
            fields: {
              team: 'team-1',
              title: `New task ${i}`,
              status: 'todo',
              priority: 3,
              estimate: 2,
              createdBy: replica,
            },
          }
        : {
            kind: 'update',
            collection: 'tasks',
            id: target.id,
            fields: random.chance(0.5)
              ? { status: STATUSES[random.int(0, 3)] ?? 'todo' }
              : { priority: random.int(1, 5) },
          };
    steps.push({ at, kind: 'op', replica, op });
  }
  return steps;
}
