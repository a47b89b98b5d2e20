/**
 * crash-restart: clients crash in the middle of syncing, losing everything in memory, and
 * restart from what their engine persisted; the server crashes once too. Measures whether
 * edits made just before a crash survive, and what restarting costs on the wire.
 */
import type { Scale, Step } from '../src/scenario/define-scenario.ts';
import { defineScenario } from '../src/scenario/define-scenario.ts';
import { ms } from '../src/scenario/duration.ts';
import type { TeamSize } from './collaborative-team.ts';
import { team, teamPlan } from './collaborative-team.ts';
import { PROFILES } from '../src/sim/link-profile.ts';

const SIZES: Record<Scale, TeamSize & { crashes: number }> = {
  ci: { clients: 4, workMs: ms('5m'), burstsPerClient: 6, crashes: 4 },
  default: { clients: 8, workMs: ms('30m'), burstsPerClient: 20, crashes: 16 },
  large: { clients: 16, workMs: ms('2h'), burstsPerClient: 60, crashes: 64 },
};

export const crashRestart = defineScenario({
  name: 'crash-restart',
  description:
    'Clients crash mid-sync and restart from what their engine persisted; the server crashes once. ' +
    'Measures whether edits made before a crash survive, and the cost of restarting.',
  plan(scale, random) {
    const size = SIZES[scale];
    const t = team(size, random('bursts'));
    const when = random('crashes');
    const faults: Step[] = [];
    for (let i = 0; i < size.crashes; i++) {
      const replica = when.pick(t.clients);
      // Crash right after one of the replica's own edits, while it is still being synced.
      const edits = t.steps.filter((s) => s.kind === 'work' && s.replica === replica);
      const at = (edits.length > 0 ? when.pick(edits).at : t.fromMs) + when.int(1, 50);
      faults.push(
        { at, kind: 'fault', fault: { kind: 'crash', replica } },
        { at: at + when.int(ms('2s'), ms('30s')), kind: 'fault', fault: { kind: 'restart', replica } },
      );
    }
    const middle = (t.fromMs + t.toMs) / 2;
    faults.push(
      { at: middle, kind: 'fault', fault: { kind: 'crash', replica: 'server' } },
      { at: middle + ms('10s'), kind: 'fault', fault: { kind: 'restart', replica: 'server' } },
    );
    return teamPlan(t, faults, PROFILES.wifi);
  },
});
