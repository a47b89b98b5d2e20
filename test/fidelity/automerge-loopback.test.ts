// Automerge's real deployment stack (automerge-repo Repos, its WebSocket client and server
// adapters behind http and ws) over loopback TCP sockets against the same stack inside the
// simulator, on seeded workloads (3 clients, also under permessage-deflate; 20 clients with 5 of
// them partitioned): the payload the library hands ws and what the sockets carry agree within
// 2 % each way.
import { describe, expect, it } from 'vitest';
import { automergeAdapter } from '../../adapters/automerge/index.ts';
import { runAutomergeLoopback } from '../../bench/fidelity/automerge-loopback.ts';
import { runSimulated, simulatedFirstDraw } from '../../bench/fidelity/simulated.ts';
import type { FidelityWorkload } from '../../bench/fidelity/workload.ts';
import { PARTITION_WORKLOAD } from '../../bench/fidelity/workload.ts';
import { expectFidelity } from './expect-fidelity.ts';

// Ops 150 ms apart: more than automerge-repo's 100 ms sync throttle, so each op syncs on its own
// in both runs (the loopback run also waits for every replica to have it).
const WORKLOAD: FidelityWorkload = { clients: 3, records: 10, updates: 30, words: 15, gapMs: 150, seed: 7 };
const draws = (w: FidelityWorkload): number[] =>
  Array.from({ length: w.clients }, (_, i) => simulatedFirstDraw(w.seed, `c${i + 1}`));

describe('Automerge: the simulator against automerge-repo over loopback', () => {
  it('carries the real payload and the real socket bytes, within 2 % each way', async () => {
    const sim = await runSimulated(automergeAdapter, WORKLOAD);
    expectFidelity(sim, await runAutomergeLoopback(WORKLOAD, draws(WORKLOAD)));
  }, 60_000);

  it('under --compression deflate too: ws permessage-deflate in the simulator as over loopback', async () => {
    const deflated: FidelityWorkload = { ...WORKLOAD, compression: 'deflate' };
    const sim = await runSimulated(automergeAdapter, deflated);
    const real = await runAutomergeLoopback(deflated, draws(deflated));
    expectFidelity(sim, real);
    // Compression is real: the sockets carry far less than the payload.
    expect(real.socket.up + real.socket.down).toBeLessThan(0.5 * (real.payload.up + real.payload.down));
  }, 60_000);

  it('does so with 20 clients and a partition of 5 of them', async () => {
    const sim = await runSimulated(automergeAdapter, PARTITION_WORKLOAD);
    // Measured within 0.4–1.5 % each way; the real run itself varies by about 1 % from run to run
    // (405.7–409.5 KB up in three runs: its sync throttle meets the wall clock), so the assertion
    // leaves that margin on top of the 2 %.
    const real = await runAutomergeLoopback(PARTITION_WORKLOAD, draws(PARTITION_WORKLOAD));
    expectFidelity(sim, real, 0.03);
    expect(sim.wire.disconnects).toBeGreaterThanOrEqual(5);
  }, 90_000);
});
