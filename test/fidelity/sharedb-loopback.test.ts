// ShareDB's real deployment stack (its client Connection over reconnecting-websocket, its Backend
// behind http and ws) over loopback TCP sockets against the same stack inside the simulator, on
// seeded workloads (3 clients; 20 clients with 5 of them partitioned): the payload the library
// hands ws and what the sockets carry agree within 2 % each way.
import { describe, expect, it } from 'vitest';
import { sharedbAdapter } from '../../adapters/sharedb/index.ts';
import { runShareDbLoopback } from '../../bench/fidelity/sharedb-loopback.ts';
import { runSimulated } from '../../bench/fidelity/simulated.ts';
import type { FidelityWorkload } from '../../bench/fidelity/workload.ts';
import { PARTITION_WORKLOAD } from '../../bench/fidelity/workload.ts';
import { expectFidelity } from './expect-fidelity.ts';

const WORKLOAD: FidelityWorkload = { clients: 3, records: 20, updates: 60, words: 30, gapMs: 5, seed: 7 };

describe('ShareDB: the simulator against ShareDB over loopback', () => {
  it('carries the real payload and the real socket bytes, within 2 % each way', async () => {
    const sim = await runSimulated(sharedbAdapter, WORKLOAD);
    const real = await runShareDbLoopback(WORKLOAD);
    expectFidelity(sim, real);
    expect(sim.wire.framedBytes).toBeGreaterThan(sim.wire.bytes);
  }, 60_000);

  it('does so with 20 clients and a partition of 5 of them', async () => {
    const sim = await runSimulated(sharedbAdapter, PARTITION_WORKLOAD);
    expectFidelity(sim, await runShareDbLoopback(PARTITION_WORKLOAD));
    expect(sim.wire.disconnects).toBeGreaterThanOrEqual(5);
  }, 90_000);
});
