// Yjs on Hocuspocus (its provider, and a Hocuspocus instance with its Database extension behind
// http and ws) over loopback TCP sockets against the same stack inside the simulator, on seeded
// workloads (3 clients; 20 clients with 5 of them partitioned): the payload the library hands ws
// and what the sockets carry agree within 2 % each way.
import { describe, expect, it } from 'vitest';
import { hocuspocusAdapter } from '../../adapters/yjs/hocuspocus.ts';
import { runHocuspocusLoopback } from '../../bench/fidelity/hocuspocus-loopback.ts';
import { runSimulated, simulatedYjsClientId } from '../../bench/fidelity/simulated.ts';
import type { FidelityWorkload } from '../../bench/fidelity/workload.ts';
import { PARTITION_WORKLOAD } from '../../bench/fidelity/workload.ts';
import { expectFidelity } from './expect-fidelity.ts';

const WORKLOAD: FidelityWorkload = { clients: 3, records: 20, updates: 60, words: 30, gapMs: 5, seed: 7 };
const ids = (w: FidelityWorkload): number[] =>
  Array.from({ length: w.clients }, (_, i) => simulatedYjsClientId(w.seed, `c${i + 1}`));

describe('Hocuspocus: the simulator against Hocuspocus over loopback', () => {
  it('carries the real payload and the real socket bytes, within 2 % each way', async () => {
    const sim = await runSimulated(hocuspocusAdapter, WORKLOAD);
    expectFidelity(sim, await runHocuspocusLoopback(WORKLOAD, ids(WORKLOAD)));
  }, 60_000);

  it('does so with 20 clients and a partition of 5 of them', async () => {
    const sim = await runSimulated(hocuspocusAdapter, PARTITION_WORKLOAD);
    expectFidelity(sim, await runHocuspocusLoopback(PARTITION_WORKLOAD, ids(PARTITION_WORKLOAD)));
    expect(sim.wire.disconnects).toBeGreaterThanOrEqual(5);
  }, 90_000);
});
