/**
 * The fidelity assertion every engine's loopback test makes: the simulator's payload and framed
 * bytes within `tolerance` of what the real stack handed `ws` and what its TCP sockets carried,
 * each way, and both runs converged.
 */
import { expect } from 'vitest';
import type { Directed } from '../../bench/fidelity/directed.ts';
import type { CompletedRun } from '../../src/runner/result.ts';

export interface RealFigures {
  readonly payload: Directed;
  readonly socket: Directed;
  readonly converged: boolean;
}

export function expectFidelity(sim: CompletedRun, real: RealFigures, tolerance = 0.02): void {
  expect(sim.converged).toBe(true);
  expect(real.converged).toBe(true);
  const off = (simulated: number, measured: number): number => Math.abs(simulated / measured - 1);
  expect(off(sim.wire.upBytes, real.payload.up), 'payload up').toBeLessThan(tolerance);
  expect(off(sim.wire.downBytes, real.payload.down), 'payload down').toBeLessThan(tolerance);
  expect(off(sim.wire.framedUpBytes, real.socket.up), 'framed up').toBeLessThan(tolerance);
  expect(off(sim.wire.framedDownBytes, real.socket.down), 'framed down').toBeLessThan(tolerance);
}
