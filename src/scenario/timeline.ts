/**
 * Building blocks for scenario timelines: bursts of local edits spread over a window, seeded
 * records to contend on, and evenly spaced samples of the stored-bytes series.
 */
import type { Op } from '../contract/contract.ts';
import type { RandomStream } from '../sim/prng.ts';
import type { Step } from './define-scenario.ts';

/** Where and how densely `bursts` spreads edits: the window, bursts per client, edits per burst and the gap between them (ms). */
export interface BurstOptions {
  readonly fromMs: number;
  readonly toMs: number;
  readonly burstsPerClient: number;
  readonly opsPerBurst: number;
  readonly gapMs: number;
}

/** `burstsPerClient` bursts of `opsPerBurst` workload ops per client, at random times in the window. */
export function bursts(clients: readonly string[], random: RandomStream, o: BurstOptions): Step[] {
  const steps: Step[] = [];
  const latestStart = Math.max(o.fromMs, o.toMs - o.opsPerBurst * o.gapMs);
  for (const replica of clients) {
    for (let b = 0; b < o.burstsPerClient; b++) {
      const start = random.int(o.fromMs, latestStart);
      for (let k = 0; k < o.opsPerBurst; k++) steps.push({ at: start + k * o.gapMs, kind: 'work', replica });
    }
  }
  return steps;
}

/** `count` records `hot-1…` created by `replica`, 10 ms apart, for everyone to contend on. */
export function hotRecords(replica: string, collection: string, count: number): Step[] {
  return Array.from({ length: count }, (_, i) => {
    const op: Op = {
      kind: 'create',
      collection,
      id: `hot-${i + 1}`,
      fields: { title: `hot ${i + 1}`, status: 'todo', priority: 3 },
    };
    return { at: 10 * (i + 1), kind: 'op' as const, replica, op };
  });
}

/** `count + 1` samples from 0 to `endMs`. */
export function samples(endMs: number, count: number): Step[] {
  return Array.from({ length: count + 1 }, (_, i) => ({
    at: Math.round((i * endMs) / count),
    kind: 'sample' as const,
  }));
}

/** When the last workload op of `steps` happens. */
export function lastEdit(steps: readonly Step[]): number {
  return steps.reduce(
    (end, step) =>
      step.kind === 'work' || step.kind === 'op' || step.kind === 'edit' || step.kind === 'edits'
        ? Math.max(end, step.at)
        : end,
    0,
  );
}
