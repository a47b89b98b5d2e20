// The reference engine's deployment (its protocol messages as binary ws messages between a ws
// client and Node's http server with a ws endpoint) over loopback TCP sockets against the same
// deployment inside the simulator, on seeded workloads (3 clients; 20 clients with 5 of them
// partitioned): payload and socket bytes agree within 2 % each way.
import { describe, expect, it } from 'vitest';
import { referenceAdapter } from '../../adapters/reference/index.ts';
import { runReferenceLoopback } from '../../bench/fidelity/reference-loopback.ts';
import { runSimulated } from '../../bench/fidelity/simulated.ts';
import type { FidelityWorkload } from '../../bench/fidelity/workload.ts';
import { PARTITION_WORKLOAD } from '../../bench/fidelity/workload.ts';
import { expectFidelity } from './expect-fidelity.ts';

const WORKLOAD: FidelityWorkload = { clients: 3, records: 10, updates: 30, words: 15, gapMs: 50, seed: 7 };

describe('reference engine: the simulator against its ws deployment over loopback', () => {
  it('carries the real payload and the real socket bytes, within 2 % each way', async () => {
    const sim = await runSimulated(referenceAdapter, WORKLOAD);
    expectFidelity(sim, await runReferenceLoopback(WORKLOAD));
  }, 60_000);

  it('does so with 20 clients and a partition of 5 of them', async () => {
    const sim = await runSimulated(referenceAdapter, PARTITION_WORKLOAD);
    expectFidelity(sim, await runReferenceLoopback(PARTITION_WORKLOAD));
    expect(sim.wire.disconnects).toBeGreaterThanOrEqual(5);
  }, 90_000);
});
