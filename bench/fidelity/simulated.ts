/**
 * The fidelity workload through syncbench: the same ops as exact steps on a 1 ms constant link,
 * run by the normal runner. Returns the run's wire figures and the Yjs client ids its replicas
 * drew from the seed (the loopback run gives its docs the same ids, so updates are the same bytes).
 */
import type { SyncAdapter } from '../../src/contract/contract.ts';
import type { CompletedRun } from '../../src/runner/result.ts';
import { runScenario } from '../../src/runner/run-scenario.ts';
import { replicaRandom } from '../../src/runner/replica-host.ts';
import type { FidelityWorkload } from './workload.ts';
import { fidelityScenario } from './workload.ts';

export async function runSimulated(adapter: SyncAdapter, w: FidelityWorkload): Promise<CompletedRun> {
  const { result } = await runScenario({
    scenario: fidelityScenario(w),
    adapter,
    seed: w.seed,
    scale: 'default',
    replay: 'bench/fidelity',
  });
  if (result.state !== 'completed')
    throw new Error(`fidelity run ${result.state}: ${JSON.stringify(result)}`);
  return result;
}

/** The Yjs client id replica `client` draws first in a run with `seed` (see `YjsReplica`). */
export function simulatedYjsClientId(seed: number, client: string): number {
  return replicaRandom(seed, client, 0).int(1, 0xffffffff);
}

/** The first draw of replica `client`'s seeded stream in a run with `seed` (an automerge-repo client's peer id). */
export function simulatedFirstDraw(seed: number, client: string): number {
  return replicaRandom(seed, client, 0).next();
}
