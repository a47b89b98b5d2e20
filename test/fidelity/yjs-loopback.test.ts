// Yjs's real deployment stack (y-websocket's provider, @y/websocket-server behind http and ws)
// over loopback TCP sockets against the same stack inside the simulator, on one seeded workload:
// the payload the library hands ws and what the sockets carry agree within 2 % each way.
import { describe, expect, it } from 'vitest';
import { yjsAdapter } from '../../adapters/yjs/index.ts';
import { runSimulated, simulatedYjsClientId } from '../../bench/fidelity/simulated.ts';
import type { FidelityWorkload } from '../../bench/fidelity/workload.ts';
import { fidelityOps } from '../../bench/fidelity/workload.ts';
import { runYjsLoopback } from '../../bench/fidelity/yjs-loopback.ts';

const WORKLOAD: FidelityWorkload = { clients: 3, records: 20, updates: 60, words: 30, gapMs: 5, seed: 7 };

describe('Yjs: the simulator against y-websocket over loopback', () => {
  it('carries the real payload and the real socket bytes, within 2 % each way', async () => {
    const sim = await runSimulated(yjsAdapter, WORKLOAD);
    const ids = ['c1', 'c2', 'c3'].map((c) => simulatedYjsClientId(WORKLOAD.seed, c));
    const real = await runYjsLoopback(WORKLOAD, ids);
    expect(sim.converged).toBe(true);
    expect(real.converged).toBe(true);
    // One echo per local op: the real server sends each update to every connection, its sender too.
    expect(real.echo.messages).toBe(fidelityOps(WORKLOAD).length);
    const within = (simulated: number, measured: number): number => Math.abs(simulated / measured - 1);
    expect(within(sim.wire.upBytes, real.payload.up)).toBeLessThan(0.02);
    expect(within(sim.wire.downBytes, real.payload.down)).toBeLessThan(0.02);
    expect(within(sim.wire.framedUpBytes, real.socket.up)).toBeLessThan(0.02);
    expect(within(sim.wire.framedDownBytes, real.socket.down)).toBeLessThan(0.02);
    expect(sim.wire.framedBytes).toBeGreaterThan(sim.wire.bytes);
    expect(sim.wire.ipBytes).toBeGreaterThan(sim.wire.framedBytes);
  }, 60_000);
});
