/**
 * schema-upgrades: over a simulated week a team's app moves from schema v1 to v2 (a field added
 * with a default, a field renamed) and then to v3 (another field added). Clients upgrade at
 * staggered times, one late, one never; everyone keeps writing all week, to their own records
 * and to shared ones. Measures which writes survive by the version they were made at (own
 * records), rejected writes, the traffic of each rollout phase, and the time until the fleet
 * agrees, comparing every replica's state after moving it to v3.
 */
import type { Fields, Op } from '../src/contract/contract.ts';
import { lensMigration } from '../src/contract/schema-lens.ts';
import { PROFILES } from '../src/sim/link-profile.ts';
import type { RandomStream } from '../src/sim/prng.ts';
import type { Scale, Step } from '../src/scenario/define-scenario.ts';
import { defineScenario } from '../src/scenario/define-scenario.ts';
import { ms } from '../src/scenario/duration.ts';

const SIZES: Record<Scale, { clients: number; ownRecords: number; editsPerDay: number }> = {
  ci: { clients: 4, ownRecords: 4, editsPerDay: 6 },
  default: { clients: 6, ownRecords: 10, editsPerDay: 20 },
  large: { clients: 12, ownRecords: 40, editsPerDay: 60 },
};

const DAY = ms('1d');
const OPENS = ms('9h');
const HOURS = ms('8h');
const DAYS = 7;
const SHARED = 5;
const STATUSES = ['todo', 'doing', 'done'];

/** v2 adds `estimate` (default 1) and renames `title` to `name`; v3 adds `archived` (default false). */
export const SCHEMA_MIGRATIONS = [
  lensMigration(
    2,
    { kind: 'addField', collection: 'tasks', field: 'estimate', value: 1 },
    { kind: 'renameField', collection: 'tasks', from: 'title', to: 'name' },
  ),
  lensMigration(3, { kind: 'addField', collection: 'tasks', field: 'archived', value: false }),
];

/** When each client moves to v2 and v3 (virtual ms), or never. */
function rollout(clients: readonly string[]): Map<string, { v2?: number; v3?: number }> {
  const plan = new Map<string, { v2?: number; v3?: number }>();
  const n = clients.length;
  clients.forEach((c, i) => {
    if (i === n - 1)
      plan.set(c, {}); // never upgrades
    else if (i === n - 2)
      plan.set(c, { v2: 3 * DAY + ms('11h'), v3: 4 * DAY + ms('11h') }); // late
    else plan.set(c, { v2: DAY + OPENS + i * ms('2h'), v3: 2 * DAY + OPENS + i * ms('2h') });
  });
  return plan;
}

/** The fields a client at `version` writes: a title/name, a status, and the fields its version added. */
function edit(version: number, random: RandomStream, label: string): Fields {
  const fields: Record<string, Fields[string]> = {};
  const roll = random.int(0, 3);
  if (roll === 0) fields[version >= 2 ? 'name' : 'title'] = label;
  else if (roll === 1 || version < 2) fields.status = STATUSES[random.int(0, STATUSES.length - 1)] ?? 'todo';
  else if (roll === 2 || version < 3) fields.estimate = random.int(1, 8);
  else fields.archived = random.chance(0.5);
  return fields;
}

function created(version: number, label: string): Fields {
  const base = { status: 'todo', priority: 3 };
  if (version === 1) return { ...base, title: label };
  return { ...base, name: label, estimate: 1, ...(version >= 3 ? { archived: false } : {}) };
}

export const schemaUpgrades = defineScenario({
  name: 'schema-upgrades',
  description:
    'A fleet moves from schema v1 to v2 (field added with a default, field renamed) to v3 over a ' +
    'week; clients upgrade at staggered times, one late, one never, and all keep writing. Measures ' +
    'which writes survive by writer version, rejected writes, rollout traffic, and the time until ' +
    'every replica agrees once migrated to v3.',
  plan(scale, random) {
    const size = SIZES[scale];
    const clients = Array.from({ length: size.clients }, (_, i) => `c${i + 1}`);
    const upgrades = rollout(clients);
    const versionAt = (c: string, t: number): number => {
      const u = upgrades.get(c) ?? {};
      return u.v3 !== undefined && t >= u.v3 ? 3 : u.v2 !== undefined && t >= u.v2 ? 2 : 1;
    };
    const steps: Step[] = [{ at: 0, kind: 'phase', name: 'v1' }];
    const op = (at: number, replica: string, o: Op): void => {
      steps.push({ at, kind: 'op', replica, op: o });
    };
    for (let s = 1; s <= SHARED; s++)
      op(OPENS + s * 100, 'c1', {
        kind: 'create',
        collection: 'tasks',
        id: `shared-${s}`,
        fields: created(1, `Shared ${s}`),
      });
    const owned = new Map(clients.map((c) => [c, size.ownRecords]));
    clients.forEach((c, i) => {
      for (let r = 1; r <= size.ownRecords; r++)
        op(OPENS + ms('1m') + i * 1000 + r * 10, c, {
          kind: 'create',
          collection: 'tasks',
          id: `${c}-${r}`,
          fields: created(1, `${c} task ${r}`),
        });
    });
    const edits = random('edits');
    for (let d = 0; d < DAYS; d++) {
      steps.push({ at: d * DAY, kind: 'sample' });
      if (d % 7 >= 5) continue; // the weekend
      for (const c of clients) {
        for (let e = 0; e < size.editsPerDay; e++) {
          const at = d * DAY + OPENS + ms('5m') + edits.int(0, HOURS - ms('10m'));
          const v = versionAt(c, at);
          const roll = edits.next();
          if (roll < 0.1) {
            const n = (owned.get(c) ?? 0) + 1;
            owned.set(c, n);
            op(at, c, {
              kind: 'create',
              collection: 'tasks',
              id: `${c}-${n}`,
              fields: created(v, `${c} task ${n}`),
            });
          } else {
            const id =
              roll < 0.7 ? `${c}-${edits.int(1, size.ownRecords)}` : `shared-${edits.int(1, SHARED)}`;
            op(at, c, {
              kind: 'update',
              collection: 'tasks',
              id,
              fields: edit(v, edits, `${id} by ${c} day ${d}`),
            });
          }
        }
      }
    }
    const times = (key: 'v2' | 'v3'): number[] =>
      [...upgrades.values()].flatMap((u) => (u[key] === undefined ? [] : [u[key]]));
    for (const [c, u] of upgrades) {
      if (u.v2 !== undefined) op(u.v2, c, { kind: 'upgradeSchema', version: 2 });
      if (u.v3 !== undefined) op(u.v3, c, { kind: 'upgradeSchema', version: 3 });
    }
    steps.push(
      { at: Math.min(...times('v2')), kind: 'phase', name: 'rollout v2' },
      { at: Math.min(...times('v3')), kind: 'phase', name: 'rollout v3' },
      { at: Math.max(...times('v3')), kind: 'phase', name: 'mixed fleet' },
      { at: DAYS * DAY, kind: 'sample' },
    );
    return {
      topology: 'star',
      replicas: size.clients,
      transport: 'stream',
      profile: PROFILES.wifi,
      schema: { collections: ['tasks'], texts: [], version: 1, migrations: SCHEMA_MIGRATIONS },
      ownWrites: { collection: 'tasks' },
      steps,
      settleDeadlineMs: ms('30m'),
    };
  },
});
