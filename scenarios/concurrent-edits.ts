/**
 * concurrent-edits: clients hammer the same hot records and one shared text at the same time on
 * a jittery, slightly lossy network, in bursts, while one client is cut off by a partition, one
 * goes offline and one crashes and restarts. Measures convergence time after the final heal,
 * lost inserts, bytes and messages per op, and visibility latency.
 */
import type { LinkProfile } from '../src/sim/link-profile.ts';
import type { Scale, Step } from '../src/scenario/define-scenario.ts';
import { defineScenario } from '../src/scenario/define-scenario.ts';
import { bursts, hotRecords, lastEdit, samples } from '../src/scenario/timeline.ts';

const SIZES: Record<Scale, { clients: number; workMs: number; burstsPerClient: number; hot: number }> = {
  ci: { clients: 4, workMs: 20_000, burstsPerClient: 6, hot: 5 },
  default: { clients: 8, workMs: 60_000, burstsPerClient: 15, hot: 10 },
  large: { clients: 16, workMs: 300_000, burstsPerClient: 60, hot: 20 },
};

const OPS_PER_BURST = 5;
const BURST_GAP_MS = 40;
const SEED_MS = 2_000;
/** Points of the stored-bytes and wire time series per run. */
const SAMPLES = 20;

const jittery: LinkProfile = {
  delay: 40,
  jitter: 25,
  distribution: 'normal',
  loss: 0.01,
  duplicate: 0,
  reorder: 0,
  rate: 0,
  reset: 0.002,
};

export const concurrentEdits = defineScenario({
  name: 'concurrent-edits',
  description:
    'Clients edit the same hot records and one shared text at once, in bursts, on a jittery network ' +
    'with a partition, an offline client and a crash. Measures convergence time, lost inserts, ' +
    'bytes and messages per op, and visibility latency.',
  plan(scale, random) {
    const size = SIZES[scale];
    const clients = Array.from({ length: size.clients }, (_, i) => `c${i + 1}`);
    const steps: Step[] = [{ at: 0, kind: 'phase', name: 'seed' }, ...hotRecords('c1', 'tasks', size.hot)];
    steps.push({ at: SEED_MS, kind: 'phase', name: 'work' });
    steps.push(
      ...bursts(clients, random('bursts'), {
        fromMs: SEED_MS,
        toMs: SEED_MS + size.workMs,
        burstsPerClient: size.burstsPerClient,
        opsPerBurst: OPS_PER_BURST,
        gapMs: BURST_GAP_MS,
      }),
    );
    const third = SEED_MS + Math.floor(size.workMs / 3);
    const cut = clients[1] ?? 'c1';
    const away = clients[2] ?? 'c1';
    const crashing = clients[3] ?? 'c1';
    steps.push(
      {
        at: third,
        kind: 'fault',
        fault: { kind: 'partition', groups: [[cut], ['server', ...clients.filter((c) => c !== cut)]] },
      },
      { at: third + 5_000, kind: 'fault', fault: { kind: 'heal' } },
      { at: third + 1_000, kind: 'fault', fault: { kind: 'offline', replica: away } },
      { at: third + 8_000, kind: 'fault', fault: { kind: 'online', replica: away } },
      { at: 2 * third, kind: 'fault', fault: { kind: 'crash', replica: crashing } },
      { at: 2 * third + 3_000, kind: 'fault', fault: { kind: 'restart', replica: crashing } },
    );
    // The timeline ends with the last burst, so the settle measures how fast the last edits spread.
    steps.push(...samples(lastEdit(steps), SAMPLES));
    return {
      topology: 'star',
      replicas: size.clients,
      transport: 'stream',
      profile: jittery,
      schema: { collections: ['tasks'], texts: ['notes'] },
      workload: {
        weights: { update: 4, create: 1, delete: 0.5, textInsert: 3, textDelete: 1 },
        collection: 'tasks',
        textDoc: 'notes',
        hotPrefix: 'hot-',
      },
      steps,
      settleDeadlineMs: 120_000,
    };
  },
});
