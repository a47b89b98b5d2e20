/**
 * offline-weeks: a small team works office hours for three weeks. One laptop goes offline at
 * the start, keeps editing offline for its first days, and reconnects only at the end. Daily
 * samples follow what every replica stores; the reconnect is its own phase, so its catch-up
 * bytes and the time until everyone agrees stand apart; lost inserts say which of the laptop's
 * offline edits did not survive (and whether the engine's semantics allowed it).
 */
import { PROFILES } from '../src/sim/link-profile.ts';
import type { Scale, Step } from '../src/scenario/define-scenario.ts';
import { defineScenario } from '../src/scenario/define-scenario.ts';
import { ms } from '../src/scenario/duration.ts';
import { bursts, hotRecords } from '../src/scenario/timeline.ts';

const SIZES: Record<Scale, { clients: number; days: number; offlineDays: number; burstsPerDay: number }> = {
  ci: { clients: 3, days: 3, offlineDays: 1, burstsPerDay: 3 },
  default: { clients: 5, days: 21, offlineDays: 3, burstsPerDay: 4 },
  large: { clients: 12, days: 42, offlineDays: 5, burstsPerDay: 6 },
};

const DAY = ms('1d');
const OFFICE_OPENS = ms('9h');
const OFFICE_CLOSES = ms('17h');

/** Whether day `d` (0 = a Monday) is a working day. */
const workday = (d: number): boolean => d % 7 < 5;

export const offlineWeeks = defineScenario({
  name: 'offline-weeks',
  description:
    'A team works office hours for three weeks; one laptop edits offline for its first days and ' +
    'reconnects at the end. Measures stored bytes day by day, catch-up bytes and time at the ' +
    'reconnect, and whether the offline edits survive.',
  plan(scale, random) {
    const size = SIZES[scale];
    const clients = Array.from({ length: size.clients }, (_, i) => `c${i + 1}`);
    const laptop = clients[clients.length - 1] ?? 'c1';
    const office = clients.filter((c) => c !== laptop);
    const edits = random('edits');
    const steps: Step[] = [
      { at: 0, kind: 'phase', name: 'seed' },
      ...hotRecords('c1', 'tasks', 5),
      { at: ms('1h'), kind: 'fault', fault: { kind: 'offline', replica: laptop } },
      { at: ms('1h'), kind: 'phase', name: 'weeks' },
    ];
    for (let d = 0; d < size.days; d++) {
      steps.push({ at: d * DAY, kind: 'sample' });
      if (!workday(d)) continue;
      const window = { fromMs: d * DAY + OFFICE_OPENS, toMs: d * DAY + OFFICE_CLOSES };
      const team = d < size.offlineDays ? clients : office;
      steps.push(
        ...bursts(team, edits, { ...window, burstsPerClient: size.burstsPerDay, opsPerBurst: 4, gapMs: 500 }),
      );
    }
    const back = size.days * DAY + OFFICE_OPENS;
    steps.push(
      { at: back, kind: 'sample' },
      { at: back, kind: 'phase', name: 'reconnect' },
      { at: back, kind: 'fault', fault: { kind: 'online', replica: laptop } },
      { at: back, kind: 'catchUp', name: 'laptop reconnect', replica: laptop },
    );
    return {
      topology: 'star',
      replicas: size.clients,
      transport: 'stream',
      profile: PROFILES.wifi,
      schema: { collections: ['tasks'], texts: ['notes'] },
      workload: {
        weights: { update: 4, create: 1, delete: 0.5, textInsert: 2, textDelete: 1 },
        collection: 'tasks',
        textDoc: 'notes',
        hotPrefix: 'hot-',
      },
      steps,
      settleDeadlineMs: ms('30m'),
    };
  },
});
