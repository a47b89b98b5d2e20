/**
 * The shape most built-in scenarios share: a team of clients around a server, a few hot records
 * seeded first, then bursts of edits (records and one shared text) over a work window, with
 * samples along the way. Each scenario adds its own faults and network.
 */
import type { LinkProfile } from '../src/sim/link-profile.ts';
import type { RandomStream } from '../src/sim/prng.ts';
import type { ScenarioPlan, Step } from '../src/scenario/define-scenario.ts';
import { bursts, hotRecords, lastEdit, samples } from '../src/scenario/timeline.ts';

export interface TeamSize {
  readonly clients: number;
  readonly workMs: number;
  readonly burstsPerClient: number;
}

const SEED_MS = 2_000;
const HOT_RECORDS = 5;

export interface Team {
  readonly clients: readonly string[];
  /** When the work window starts and ends. */
  readonly fromMs: number;
  readonly toMs: number;
  /** The seed and work steps, without faults or samples. */
  readonly steps: Step[];
}

export function team(size: TeamSize, random: RandomStream): Team {
  const clients = Array.from({ length: size.clients }, (_, i) => `c${i + 1}`);
  const fromMs = SEED_MS;
  const toMs = SEED_MS + size.workMs;
  const steps: Step[] = [
    { at: 0, kind: 'phase', name: 'seed' },
    ...hotRecords('c1', 'tasks', HOT_RECORDS),
    { at: SEED_MS, kind: 'phase', name: 'work' },
    ...bursts(clients, random, {
      fromMs,
      toMs,
      burstsPerClient: size.burstsPerClient,
      opsPerBurst: 4,
      gapMs: 200,
    }),
  ];
  return { clients, fromMs, toMs, steps };
}

/** The plan of a team scenario: its steps plus faults, 20 samples, on `profile`. */
export function teamPlan(t: Team, faults: readonly Step[], profile: LinkProfile): ScenarioPlan {
  const steps = [...t.steps, ...faults];
  steps.push(...samples(Math.max(lastEdit(steps), ...faults.map((f) => f.at)), 20));
  return {
    topology: 'star',
    replicas: t.clients.length,
    transport: 'stream',
    profile,
    schema: { collections: ['tasks'], texts: ['notes'] },
    workload: {
      weights: { update: 4, create: 1, delete: 0.5, textInsert: 3, textDelete: 1 },
      collection: 'tasks',
      textDoc: 'notes',
      hotPrefix: 'hot-',
    },
    steps,
    settleDeadlineMs: 300_000,
  };
}
