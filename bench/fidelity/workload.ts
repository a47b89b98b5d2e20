/**
 * The fidelity workload (issue 15): the same seeded ops run through syncbench's simulator and
 * through the real libraries over real loopback sockets. c1 creates `records` records, then
 * `updates` field updates and `words` word inserts into one text follow, spread over the clients
 * round-robin, one op every `gapMs`.
 */
import type { Compression, Op } from '../../src/contract/contract.ts';
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
  /** What the connections compress (`none` when absent), in both runs. */
  readonly compression?: Compression;
  /**
   * The last `clients` clients are cut off from the server from half a gap before op `fromOp`
   * until half a gap before op `toOp` (ops go on on both sides meanwhile).
   */
  readonly partition?: { readonly clients: number; readonly fromOp: number; readonly toOp: number };
}

/**
 * The second workload of issue 15: 20 clients, and a partition of 5 of them for 30 ops (7.5 s).
 * Ops are 250 ms apart: automerge-repo throttles sync to 100 ms and answers each sync message,
 * so at shorter gaps the partition cuts some exchange in flight, differently in every real run.
 */
export const PARTITION_WORKLOAD: FidelityWorkload = {
  clients: 20,
  records: 20,
  updates: 60,
  words: 20,
  gapMs: 250,
  seed: 3,
  partition: { clients: 5, fromOp: 40, toOp: 70 },
};

/** The clients (0-based) a workload's partition cuts off. */
export function partitioned(w: FidelityWorkload): number[] {
  const k = w.partition?.clients ?? 0;
  return Array.from({ length: k }, (_, i) => w.clients - k + i);
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
      // At the end of the text as everyone holds it: with a partition, only by c1 (never cut off),
      // since a cut-off client's text is shorter.
      const writer = w.partition ? 'c1' : client;
      ops.push({
        atMs: at(),
        client: writer,
        op: { kind: 'textInsert', doc: 'doc', index: textLength, text },
      });
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
  if (w.partition) {
    const cut = partitioned(w).map((i) => `c${i + 1}`);
    const rest = Array.from({ length: w.clients }, (_, i) => `c${i + 1}`).filter((c) => !cut.includes(c));
    const at = (op: number): number => startMs + op * w.gapMs - w.gapMs / 2;
    steps.push(
      {
        at: at(w.partition.fromOp),
        kind: 'fault',
        fault: { kind: 'partition', groups: [cut, ['server', ...rest]] },
      },
      { at: at(w.partition.toOp), kind: 'fault', fault: { kind: 'heal' } },
    );
  }
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
      compression: w.compression ?? 'none',
      steps,
      settleDeadlineMs: 60_000,
      // The loopback runs stop when the replicas agree; so does this one, or idle chatter after
      // convergence (y-websocket's 30 s reconnect check, awareness renewals) would count here only.
      quietWindowMs: 0,
    }),
  });
}
