/**
 * The loopback side of a fidelity run: each op at its time, the workload's partition cut and
 * healed at the proxies, and, as on the simulator's 1 ms link, every connected client holding
 * each op before the next one is made.
 */
import type { Op } from '../../src/contract/contract.ts';
import type { ClientProxies } from './client-proxies.ts';
import type { FidelityWorkload } from './workload.ts';
import { fidelityOps, partitioned } from './workload.ts';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface DriveOptions {
  /** Applies `op` at client `i` (0-based). */
  readonly apply: (i: number, op: Op) => void | Promise<void>;
  /** Whether clients `clients` (0-based) and the server hold the same state. */
  readonly agreed: (clients: readonly number[]) => boolean;
  readonly proxies: Pick<ClientProxies, 'cut' | 'heal'>;
  readonly deadlineMs?: number;
  /**
   * Wall-clock time of the first op: the simulated run starts its ops 1 s after its clients
   * start, so a harness passes its clients' start + 1 s, and the stacks' own timers (awareness
   * renewals, pings) fall at the same moments of the workload in both runs. Default: now.
   */
  readonly startAt?: number;
}

/** Runs the ops; resolves to whether everyone agreed at the end. Throws if the run gets stuck. */
export async function driveOps(w: FidelityWorkload, o: DriveOptions): Promise<boolean> {
  const deadline = Date.now() + (o.deadlineMs ?? 120_000);
  const all = Array.from({ length: w.clients }, (_, i) => i);
  const cut = partitioned(w);
  const reachable = all.filter((i) => !cut.includes(i));
  const until = async (done: () => boolean): Promise<boolean> => {
    while (!done()) {
      if (Date.now() > deadline) return false;
      await sleep(1);
    }
    return true;
  };
  const start = o.startAt ?? Date.now();
  let isCut = false;
  for (const [k, { atMs, client, op }] of fidelityOps(w).entries()) {
    if (w.partition && (k === w.partition.fromOp || k === w.partition.toOp)) {
      const wait = start + atMs - w.gapMs / 2 - Date.now();
      if (wait > 0) await sleep(wait);
      isCut = k === w.partition.fromOp;
      if (isCut) o.proxies.cut(cut);
      else o.proxies.heal();
    }
    const wait = start + atMs - Date.now();
    if (wait > 0) await sleep(wait);
    await o.apply(Number(client.slice(1)) - 1, op);
    if (!(await until(() => o.agreed(isCut ? reachable : all))))
      throw new Error(`the clients never caught up after op ${k}`);
  }
  return until(() => o.agreed(all));
}
