// TinyBase's real stack (its WsServer with a persister per path, MergeableStores synced over
// reconnecting-websocket with a synchronizer per connection) over loopback TCP sockets against
// the same stack inside the simulator: the payload the library hands ws and what the sockets
// carry agree within 2 % each way. Ops are 50 ms apart: a TinyBase sync is several request and
// answer round trips, so at shorter gaps how many exchanges an op costs depends on whether the
// previous one has finished, which the loopback run (waiting for every replica after each op)
// and the simulated one (ops at their times) decide differently.
import { describe, expect, it } from 'vitest';
import { tinybaseAdapter } from '../../adapters/tinybase/index.ts';
import { runSimulated } from '../../bench/fidelity/simulated.ts';
import { runTinyBaseLoopback } from '../../bench/fidelity/tinybase-loopback.ts';
import type { FidelityWorkload } from '../../bench/fidelity/workload.ts';
import { expectFidelity } from './expect-fidelity.ts';

const WORKLOAD: FidelityWorkload = { clients: 3, records: 20, updates: 60, words: 30, gapMs: 50, seed: 7 };

describe('TinyBase: the simulator against TinyBase over loopback', () => {
  it('carries the real payload and the real socket bytes, within 2 % each way', async () => {
    const sim = await runSimulated(tinybaseAdapter, WORKLOAD);
    const real = await runTinyBaseLoopback(WORKLOAD);
    expectFidelity(sim, real);
    expect(sim.wire.framedBytes).toBeGreaterThan(sim.wire.bytes);
  }, 60_000);
});
