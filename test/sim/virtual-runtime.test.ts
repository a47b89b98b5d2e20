import { afterEach, describe, expect, it } from 'vitest';
import { randomStream } from '../../src/sim/prng.ts';
import { Simulation } from '../../src/sim/simulation.ts';
import { VIRTUAL_EPOCH_MS, enterVirtualRuntime } from '../../src/sim/virtual-runtime.ts';
// After the virtual runtime, as an adapter that uses lib0 imports them: lib0 keeps Date.now at load.
import { getUnixTime } from 'lib0/time';

describe('virtual runtime', () => {
  const realSetTimeout = globalThis.setTimeout;
  const realNow = Date.now;
  const realRandom = Math.random;
  let leave: () => void = () => {};
  afterEach(() => leave());

  function enter(seed = 1): Simulation {
    const sim = new Simulation();
    leave = enterVirtualRuntime({ sim, random: randomStream(seed, 'test') });
    return sim;
  }

  it('fires timeouts and intervals on virtual time and lets them be cleared', () => {
    const sim = enter();
    const fired: string[] = [];
    setTimeout(() => fired.push(`timeout@${sim.now()}`), 250);
    const cancelled = setTimeout(() => fired.push('cancelled'), 100);
    clearTimeout(cancelled);
    const interval = setInterval(() => {
      fired.push(`interval@${sim.now()}`);
      if (sim.now() >= 300) clearInterval(interval);
    }, 100);
    while (sim.step());
    expect(fired).toEqual(['interval@100', 'interval@200', 'timeout@250', 'interval@300']);
  });

  it('reads the virtual clock and a seeded random stream, and restores the real ones on leave', () => {
    const sim = enter(5);
    sim.after(1234, () => {});
    sim.step();
    const start = Date.now() - 1234;
    expect(start).toBeGreaterThanOrEqual(VIRTUAL_EPOCH_MS);
    expect(start % 1000).toBe(0);
    const draws = [Math.random(), Math.random()];
    leave();
    enter(5);
    expect([Math.random(), Math.random()]).toEqual(draws);
    expect(Date.now()).toBeGreaterThan(start + 1234); // a later run's clock never goes back
    leave();
    expect(globalThis.setTimeout).toBe(realSetTimeout);
    expect(Date.now).toBe(realNow);
    expect(Math.abs(Date.now() - new Date().getTime())).toBeLessThan(1_000); // the wall clock again
    expect(Math.random).toBe(realRandom);
  });

  it('drives a Date.now that a library kept from load time (lib0 time.getUnixTime, used by Yjs awareness)', () => {
    const kept = Date.now;
    const sim = enter();
    sim.after(30_000, () => {});
    const before = getUnixTime();
    sim.step();
    expect(getUnixTime() - before).toBe(30_000);
    expect(kept()).toBe(getUnixTime());
  });
});
