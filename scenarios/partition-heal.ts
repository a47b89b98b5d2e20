/**
 * partition-heal: the team splits in two for an hour while everyone keeps editing, heals, and
 * later one half can send to the other but not hear back (a one-way partition) for a while.
 * Measures how long the halves take to agree after each heal, what each side's edits cost on
 * the wire once they meet, and whether anything written during the split is lost.
 */
import type { Scale } from '../src/scenario/define-scenario.ts';
import { defineScenario } from '../src/scenario/define-scenario.ts';
import { ms } from '../src/scenario/duration.ts';
import type { TeamSize } from './collaborative-team.ts';
import { team, teamPlan } from './collaborative-team.ts';
import { PROFILES } from '../src/sim/link-profile.ts';

const SIZES: Record<Scale, TeamSize & { splitMs: number }> = {
  ci: { clients: 4, workMs: ms('20m'), burstsPerClient: 6, splitMs: ms('8m') },
  default: { clients: 8, workMs: ms('3h'), burstsPerClient: 20, splitMs: ms('1h') },
  large: { clients: 16, workMs: ms('8h'), burstsPerClient: 60, splitMs: ms('3h') },
};

export const partitionHeal = defineScenario({
  name: 'partition-heal',
  description:
    'The team splits in two for an hour while editing, heals, then one half is cut off one way. ' +
    'Measures convergence after each heal, catch-up bytes and lost inserts.',
  plan(scale, random) {
    const size = SIZES[scale];
    const t = team(size, random('bursts'));
    const half = Math.ceil(t.clients.length / 2);
    const left = t.clients.slice(0, half);
    const right = ['server', ...t.clients.slice(half)];
    const split = t.fromMs + ms('1m');
    const oneWay = split + size.splitMs + (t.toMs - split - size.splitMs) / 2;
    return teamPlan(
      t,
      [
        { at: split, kind: 'phase', name: 'split' },
        { at: split, kind: 'fault', fault: { kind: 'partition', groups: [left, right] } },
        { at: split + size.splitMs, kind: 'phase', name: 'healed' },
        { at: split + size.splitMs, kind: 'fault', fault: { kind: 'heal' } },
        { at: oneWay, kind: 'phase', name: 'one-way' },
        { at: oneWay, kind: 'fault', fault: { kind: 'partitionOneWay', from: right, to: left } },
        { at: oneWay + size.splitMs / 4, kind: 'fault', fault: { kind: 'heal' } },
      ],
      PROFILES.wifi,
    );
  },
});
