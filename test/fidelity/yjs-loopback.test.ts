// Yjs's real deployment stack (y-websocket's provider, @y/websocket-server behind http and ws)
// over loopback TCP sockets against the same stack inside the simulator, on seeded workloads
// (3 clients; 20 clients with 5 of them partitioned): the payload the library hands ws and what
// the sockets carry agree within 2 % each way.
import { describe, expect, it } from 'vitest';
import { yjsAdapter } from '../../adapters/yjs/index.ts';
import { runSimulated, simulatedYjsClientId } from '../../bench/fidelity/simulated.ts';
import type { FidelityWorkload } from '../../bench/fidelity/workload.ts';
import { PARTITION_WORKLOAD, fidelityOps } from '../../bench/fidelity/workload.ts';
import { runYjsLoopback } from '../../bench/fidelity/yjs-loopback.ts';
import { expectFidelity } from './expect-fidelity.ts';

const WORKLOAD: FidelityWorkload = { clients: 3, records: 20, updates: 60, words: 30, gapMs: 5, seed: 7 };
const ids = (w: FidelityWorkload): number[] =>
  Array.from({ length: w.clients }, (_, i) => simulatedYjsClientId(w.seed, `c${i + 1}`));

describe('Yjs: the simulator against y-websocket over loopback', () => {
  it('carries the real payload and the real socket bytes, within 2 % each way', async () => {
    const sim = await runSimulated(yjsAdapter, WORKLOAD);
    const real = await runYjsLoopback(WORKLOAD, ids(WORKLOAD));
    expectFidelity(sim, real);
    // One echo per local op: the real server sends each update to every connection, its sender too.
    expect(real.echo.messages).toBe(fidelityOps(WORKLOAD).length);
    expect(sim.wire.framedBytes).toBeGreaterThan(sim.wire.bytes);
    expect(sim.wire.ipBytes).toBeGreaterThan(sim.wire.framedBytes);
  }, 60_000);

  it('does so with 20 clients and a partition of 5 of them', async () => {
    const sim = await runSimulated(yjsAdapter, PARTITION_WORKLOAD);
    expectFidelity(sim, await runYjsLoopback(PARTITION_WORKLOAD, ids(PARTITION_WORKLOAD)));
    expect(sim.wire.disconnects).toBeGreaterThanOrEqual(5);
  }, 90_000);
});
