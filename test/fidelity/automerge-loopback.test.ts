// Automerge's real deployment stack (automerge-repo Repos, its WebSocket client and server
// adapters behind http and ws) over loopback TCP sockets against the same stack inside the
// simulator, on one seeded workload: the payload the library hands ws and what the sockets
// carry agree within 2 % each way.
import { describe, expect, it } from 'vitest';
import { automergeAdapter } from '../../adapters/automerge/index.ts';
import { runAutomergeLoopback } from '../../bench/fidelity/automerge-loopback.ts';
import { runSimulated, simulatedFirstDraw } from '../../bench/fidelity/simulated.ts';
import type { FidelityWorkload } from '../../bench/fidelity/workload.ts';

// Ops 150 ms apart: more than automerge-repo's 100 ms sync throttle, so each op syncs on its own
// in both runs (the loopback run also waits for every replica to have it).
const WORKLOAD: FidelityWorkload = { clients: 3, records: 10, updates: 30, words: 15, gapMs: 150, seed: 7 };

describe('Automerge: the simulator against automerge-repo over loopback', () => {
  it('carries the real payload and the real socket bytes, within 2 % each way', async () => {
    const sim = await runSimulated(automergeAdapter, WORKLOAD);
    const draws = ['c1', 'c2', 'c3'].map((c) => simulatedFirstDraw(WORKLOAD.seed, c));
    const real = await runAutomergeLoopback(WORKLOAD, draws);
    expect(sim.converged).toBe(true);
    expect(real.converged).toBe(true);
    const within = (simulated: number, measured: number): number => Math.abs(simulated / measured - 1);
    expect(within(sim.wire.upBytes, real.payload.up)).toBeLessThan(0.02);
    expect(within(sim.wire.downBytes, real.payload.down)).toBeLessThan(0.02);
    expect(within(sim.wire.framedUpBytes, real.socket.up)).toBeLessThan(0.02);
    expect(within(sim.wire.framedDownBytes, real.socket.down)).toBeLessThan(0.02);
  }, 60_000);
});
