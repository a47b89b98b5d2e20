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
    expect(Date.now()).toBe(VIRTUAL_EPOCH_MS + 1234);
    const draws = [Math.random(), Math.random()];
    leave();
    enter(5);
    expect([Math.random(), Math.random()]).toEqual(draws);
    expect(Date.now()).toBe(VIRTUAL_EPOCH_MS); // every run's clock starts at the same instant
    leave();
    // A library with a process-wide "last timestamp" (RxDB) asks for a clock after every earlier reading.
    const later = new Simulation();
    leave = enterVirtualRuntime({ sim: later, random: randomStream(5, 'test'), clockAfterEarlierRuns: true });
    expect(Date.now()).toBe(VIRTUAL_EPOCH_MS + 2000); // the next whole second after the 1234 ms reading
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

  it('draws from the seed through a Math.random a library kept from load time (TinyBase)', () => {
    const kept = Math.random;
    const draws = (seed: number): number[] => {
      const leave = enterVirtualRuntime({ sim: new Simulation(), random: randomStream(seed, 'kept') });
      try {
        return [kept(), kept()];
      } finally {
        leave();
      }
    };
    expect(draws(3)).toEqual(draws(3));
    expect(draws(3)).not.toEqual(draws(4));
    expect(kept()).not.toBe(kept()); // the system's again outside a scope
  });
});

describe('virtual runtime: random functions libraries keep (ws keys and masks, uuid, Automerge actor ids)', () => {
  it('draws them from the seed inside a scope and from the system outside', async () => {
    const crypto = await import('node:crypto');
    const { randomBytes, randomFillSync, randomUUID } = crypto; // as a library keeps them at load
    const draw = (seed: number): string[] => {
      const leave = enterVirtualRuntime({ sim: new Simulation(), random: randomStream(seed, 'crypto') });
      try {
        const filled = randomFillSync(new Uint8Array(8), 2, 4);
        const web = globalThis.crypto.getRandomValues(new Uint8Array(4));
        return [
          randomBytes(16).toString('hex'),
          Buffer.from(filled).toString('hex'),
          randomUUID(),
          Buffer.from(web).toString('hex'),
        ];
      } finally {
        leave();
      }
    };
    const first = draw(3);
    expect(draw(3)).toEqual(first);
    expect(draw(4)).not.toEqual(first);
    expect(first[1]).toMatch(/^0000[0-9a-f]{8}0000$/);
    expect(first[2]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(randomBytes(16).toString('hex')).not.toBe(randomBytes(16).toString('hex'));
  });
});
