/**
 * flaky-mobile: every client is on a mobile network — long jittered latency, loss, a low rate,
 * resets — and drops offline for short blips now and then (a tunnel, a lift). Measures bytes
 * per op and visibility latency under bad conditions, and that nothing is lost to the blips.
 */
import type { Scale, Step } from '../src/scenario/define-scenario.ts';
import { defineScenario } from '../src/scenario/define-scenario.ts';
import { ms } from '../src/scenario/duration.ts';
import type { TeamSize } from './collaborative-team.ts';
import { team, teamPlan } from './collaborative-team.ts';
import { PROFILES } from '../src/sim/link-profile.ts';

const SIZES: Record<Scale, TeamSize & { blipsPerClient: number }> = {
  ci: { clients: 4, workMs: ms('5m'), burstsPerClient: 6, blipsPerClient: 2 },
  default: { clients: 8, workMs: ms('30m'), burstsPerClient: 20, blipsPerClient: 5 },
  large: { clients: 16, workMs: ms('2h'), burstsPerClient: 60, blipsPerClient: 15 },
};

export const flakyMobile = defineScenario({
  name: 'flaky-mobile',
  description:
    'Clients on a flaky mobile network (jittered latency, loss, duplicates, reordering, low rate, ' +
    'resets) with short offline blips. Measures bytes per op, visibility latency and lost inserts.',
  plan(scale, random) {
    const size = SIZES[scale];
    const t = team(size, random('bursts'));
    const when = random('blips');
    const faults: Step[] = [];
    for (const replica of t.clients) {
      for (let b = 0; b < size.blipsPerClient; b++) {
        const at = when.int(t.fromMs, t.toMs);
        faults.push(
          { at, kind: 'fault', fault: { kind: 'offline', replica } },
          { at: at + when.int(ms('1s'), ms('20s')), kind: 'fault', fault: { kind: 'online', replica } },
        );
      }
    }
    return teamPlan(t, faults, { ...PROFILES.flaky, duplicate: 0.01, reorder: 0.02 });
  },
});
