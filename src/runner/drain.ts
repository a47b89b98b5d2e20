/**
 * Lets an async engine finish the work an event started. Without real I/O or real timers (the
 * virtual runtime replaces them), everything an engine still has to do sits in the microtask
 * and immediate queues, so the work is done once no `setImmediate` callback is pending. The
 * order in which that work runs is fixed by the program, so draining keeps runs deterministic.
 */
import { setImmediate as nextImmediate } from 'node:timers/promises';

/** Gives up after this many rounds: an engine that schedules immediates forever never idles. */
const MAX_ROUNDS = 100_000;

export async function drainImmediates(): Promise<void> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    await nextImmediate();
    if (!process.getActiveResourcesInfo().includes('Immediate')) return;
  }
  throw new Error(`engine still busy after ${MAX_ROUNDS} event-loop rounds`);
}
