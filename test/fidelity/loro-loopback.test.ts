// Loro's real deployment stack (loro-websocket's client and SimpleServer, ws) over loopback TCP
// sockets against the same stack inside the simulator, on seeded workloads (3 clients; 20
// clients with 5 of them partitioned): the payload the library hands ws and what the sockets
// carry agree within 2 % each way.
import { describe, expect, it } from 'vitest';
import { loroAdapter } from '../../adapters/loro/index.ts';
import { runLoroLoopback } from '../../bench/fidelity/loro-loopback.ts';
import { runSimulated, simulatedYjsClientId } from '../../bench/fidelity/simulated.ts';
import type { FidelityWorkload } from '../../bench/fidelity/workload.ts';
import { PARTITION_WORKLOAD } from '../../bench/fidelity/workload.ts';
import { expectFidelity } from './expect-fidelity.ts';

const WORKLOAD: FidelityWorkload = { clients: 3, records: 20, updates: 60, words: 30, gapMs: 5, seed: 7 };
/** Each client's Loro peer id: the first draw of its seeded stream, as the Yjs client id is. */
const ids = (w: FidelityWorkload): number[] =>
  Array.from({ length: w.clients }, (_, i) => simulatedYjsClientId(w.seed, `c${i + 1}`));

describe('Loro: the simulator against loro-websocket over loopback', () => {
  it('carries the real payload and the real socket bytes, within 2 % each way', async () => {
    const sim = await runSimulated(loroAdapter, WORKLOAD);
    const real = await runLoroLoopback(WORKLOAD, ids(WORKLOAD));
    expectFidelity(sim, real);
    expect(sim.wire.framedBytes).toBeGreaterThan(sim.wire.bytes);
  }, 60_000);

  it('does so with 20 clients and a partition of 5 of them', async () => {
    const sim = await runSimulated(loroAdapter, PARTITION_WORKLOAD);
    expectFidelity(sim, await runLoroLoopback(PARTITION_WORKLOAD, ids(PARTITION_WORKLOAD)));
    expect(sim.wire.disconnects).toBeGreaterThanOrEqual(5);
  }, 90_000);
});
