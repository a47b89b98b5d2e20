/**
 * The fidelity workload (issue 15): the same seeded ops run through syncbench's simulator and
 * through the real libraries over real loopback sockets. c1 creates `records` records, then
 * `updates` field updates and `words` word inserts into one text follow, spread over the clients
 * round-robin, one op every `gapMs`.
 */
import type { Op } from '../../src/contract/contract.ts';
import { defineScenario } from '../../src/scenario/define-scenario.ts';
import type { ScenarioDefinition, Step } from '../../src/scenario/define-scenario.ts';
import { randomStream } from '../../src/sim/prng.ts';

export interface FidelityWorkload {
  readonly clients: number;
  readonly records: number;
  readonly updates: number;
  readonly words: number;
  readonly gapMs: number;
  readonly seed: number;
}

/** The workload the issue measured: 3 clients, 50 records, 200 updates, 100 words. */
export const ISSUE_WORKLOAD: FidelityWorkload = {
  clients: 3,
  records: 50,
  updates: 200,
  words: 100,
  gapMs: 50,
  seed: 1,
};

export interface TimedOp {
  readonly atMs: number;
  readonly client: string;
  readonly op: Op;
}

const WORDS = ['sync', 'merge', 'offline', 'replica', 'socket', 'frame', 'delta', 'clock', 'state', 'peer'];

/** The ops in order, with their time from the first op. */
export function fidelityOps(w: FidelityWorkload): TimedOp[] {
  const random = randomStream(w.seed, 'fidelity');
  const clients = Array.from({ length: w.clients }, (_, i) => `c${i + 1}`);
  const ops: TimedOp[] = [];
  const at = (): number => ops.length * w.gapMs;
  for (let i = 0; i < w.records; i++)
    ops.push({
      atMs: at(),
      client: 'c1',
      op: { kind: 'create', collection: 'items', id: `r${i}`, fields: { title: `record ${i}`, n: i } },
    });
  let textLength = 0;
  const mixed = w.updates + w.words;
  for (let i = 0; i < mixed; i++) {
    const client = clients[i % clients.length] ?? 'c1';
    const word = i % Math.ceil(mixed / Math.max(1, w.words)) === 0 && textLength / 6 < w.words;
    if (word) {
      const text = `${random.pick(WORDS)} `;
      ops.push({ atMs: at(), client, op: { kind: 'textInsert', doc: 'doc', index: textLength, text } });
      textLength += text.length;
    } else {
      const id = `r${random.int(0, w.records - 1)}`;
      ops.push({
        atMs: at(),
        client,
        op: { kind: 'update', collection: 'items', id, fields: { n: random.int(0, 999) } },
      });
    }
  }
  return ops;
}

/** The workload as a syncbench scenario: the ops as exact steps on a 1 ms constant link, after the clients connect. */
export function fidelityScenario(w: FidelityWorkload, startMs = 1_000): ScenarioDefinition {
  const steps: Step[] = [
    { at: 0, kind: 'phase', name: 'work' },
    ...fidelityOps(w).map((o): Step => ({ at: startMs + o.atMs, kind: 'op', replica: o.client, op: o.op })),
  ];
  return defineScenario({
    name: 'fidelity',
    description: 'The fidelity workload as exact ops.',
    plan: () => ({
      topology: 'star',
      replicas: w.clients,
      transport: 'stream',
      profile: {
        delay: 1,
        jitter: 0,
        distribution: 'constant',
        loss: 0,
        duplicate: 0,
        reorder: 0,
        rate: 0,
        reset: 0,
      },
      schema: { collections: ['items'], texts: ['doc'] },
      steps,
      settleDeadlineMs: 60_000,
    }),
  });
}
