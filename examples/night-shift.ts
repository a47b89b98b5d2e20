/**
 * A complete TypeScript scenario: a day team and a night team share a workspace; at shift
 * change the night team's office loses its uplink for 20 minutes. Run it with
 * `npx syncbench run ./examples/night-shift.ts --scale ci`.
 */
import { bursts, defineScenario, hotRecords, ms, PROFILES, samples } from 'syncbench/scenario';
import type { Scale, Step } from 'syncbench/scenario';

const TEAM_SIZE: Record<Scale, number> = { ci: 2, default: 4, large: 8 };

export default defineScenario({
  name: 'night-shift',
  description:
    'A day team and a night team share a workspace; the night office loses its uplink for 20 minutes at shift change. ' +
    'Measures catch-up bytes and convergence after the outage.',
  plan(scale, random) {
    const perTeam = TEAM_SIZE[scale];
    const day = Array.from({ length: perTeam }, (_, i) => `c${i + 1}`);
    const night = Array.from({ length: perTeam }, (_, i) => `c${perTeam + i + 1}`);
    const edits = random('edits');
    const shiftChange = ms('8h');
    const steps: Step[] = [
      { at: 0, kind: 'phase', name: 'seed' },
      ...hotRecords('c1', 'tickets', 3),
      { at: ms('1m'), kind: 'phase', name: 'day' },
      ...bursts(day, edits, {
        fromMs: ms('1m'),
        toMs: shiftChange,
        burstsPerClient: 8,
        opsPerBurst: 3,
        gapMs: 800,
      }),
      { at: shiftChange, kind: 'phase', name: 'outage' },
      { at: shiftChange, kind: 'fault', fault: { kind: 'partition', groups: [night, ['server', ...day]] } },
      ...bursts(night, edits, {
        fromMs: shiftChange,
        toMs: ms('16h'),
        burstsPerClient: 8,
        opsPerBurst: 3,
        gapMs: 800,
      }),
      { at: shiftChange + ms('20m'), kind: 'phase', name: 'night' },
      { at: shiftChange + ms('20m'), kind: 'fault', fault: { kind: 'heal' } },
      ...samples(ms('16h'), 16),
    ];
    return {
      topology: 'star',
      replicas: 2 * perTeam,
      transport: 'stream',
      profile: PROFILES.wifi,
      schema: { collections: ['tickets'], texts: ['handover'] },
      workload: {
        weights: { create: 2, update: 4, delete: 0.5, textInsert: 2, textDelete: 0.5 },
        collection: 'tickets',
        textDoc: 'handover',
        hotPrefix: 'hot-',
      },
      steps,
      settleDeadlineMs: ms('10m'),
    };
  },
});
