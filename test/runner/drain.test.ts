import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { driveEvents, type EventDriver } from '../../src/runner/drain.ts';
import { createStopwatch } from '../../src/timing/stopwatch.ts';

/**
 * An engine's follow-up work of every kind, nested: what one event starts. Each piece logs
 * itself; `log` ends up in the order Node ran the pieces.
 */
function startWork(log: string[], event: number): void {
  const tag = (what: string) => `${event}:${what}`;
  void Promise.resolve().then(() => {
    log.push(tag('microtask'));
    process.nextTick(() => log.push(tag('tick from microtask')));
  });
  process.nextTick(() => {
    log.push(tag('tick'));
    void Promise.resolve().then(() => log.push(tag('microtask from tick')));
  });
  setImmediate(() => {
    log.push(tag('immediate'));
    process.nextTick(() => log.push(tag('tick from immediate')));
    setImmediate(() => {
      log.push(tag('immediate from immediate'));
      void Promise.resolve().then(() => log.push(tag('microtask from second immediate')));
    });
  });
  const cleared = setImmediate(() => log.push(tag('cleared immediate ran')));
  clearImmediate(cleared);
}

function driver(events: number, log: string[], overrides: Partial<EventDriver> = {}): EventDriver {
  let ran = 0;
  return {
    stopwatch: createStopwatch(),
    async: true,
    step: () => {
      if (ran === events) return false;
      startWork(log, ++ran);
      return true;
    },
    idle: () => undefined,
    after: () => {
      log.push(`${ran}:harness looks`);
      return true;
    },
    ...overrides,
  };
}

/** What Node itself runs after a callback it made (here an immediate) that started `startWork`. */
async function nodeOrder(): Promise<string[]> {
  const log: string[] = [];
  await new Promise<void>((resolve) => {
    setImmediate(() => {
      startWork(log, 1);
      // Two turns later every piece above has run (each immediate level takes one).
      setImmediate(() => setImmediate(() => setImmediate(resolve)));
    });
  });
  return log;
}

describe('driveEvents', () => {
  it("lets each event's ticks, microtasks and immediates run in Node's own order before the harness looks", async () => {
    const log: string[] = [];
    await driveEvents(driver(1, log));
    const node = await nodeOrder();
    expect(log).toEqual([...node, '1:harness looks']);
    expect(log).not.toContain('1:cleared immediate ran');
  });

  it('finishes one event before running the next', async () => {
    const log: string[] = [];
    await driveEvents(driver(3, log));
    const looks = log.flatMap((entry, i) => (entry.endsWith('harness looks') ? [i] : []));
    expect(looks).toHaveLength(3);
    for (const [n, at] of looks.entries()) {
      const event = n + 1;
      expect(log.slice(0, at).filter((e) => e.startsWith(`${event}:`))).toHaveLength(8);
      expect(log.slice(at).some((e) => e.startsWith(`${event}:`) && !e.endsWith('harness looks'))).toBe(
        false,
      );
    }
  });

  it('finishes work started before the loop (e.g. by the final heal) with the first event', async () => {
    const log: string[] = [];
    setImmediate(() => log.push('0:immediate from before'));
    await driveEvents(driver(1, log));
    expect(log.indexOf('0:immediate from before')).toBeGreaterThanOrEqual(0);
    expect(log.indexOf('0:immediate from before')).toBeLessThan(log.indexOf('1:harness looks'));
  });

  it('gives the same order by a turn of the event loop per event (a Node without runNextTicks)', async () => {
    const bySync: string[] = [];
    const byTurns: string[] = [];
    await driveEvents(driver(3, bySync));
    await driveEvents(driver(3, byTurns), null);
    // Between events the order of the first tick and microtask may differ (a turn starts from a
    // microtask); what each event did before the harness looked is the same.
    const perEvent = (log: string[]) => log.map((e) => e.split(':')[0]);
    expect(perEvent(byTurns)).toEqual(perEvent(bySync));
    expect([...byTurns].sort()).toEqual([...bySync].sort());
  });

  it('stops when the harness says so, and when no event is left', async () => {
    const log: string[] = [];
    let looks = 0;
    await driveEvents(driver(10, log, { after: () => ++looks < 4 }));
    expect(looks).toBe(4);
    await driveEvents(driver(0, log));
    expect(log.filter((e) => e.startsWith('5:'))).toEqual([]);
  });

  it("waits for a replica that is not idle, counting the wait as the engine's", async () => {
    const log: string[] = [];
    const stopwatch = createStopwatch();
    let idles = 0;
    await driveEvents(
      driver(2, log, {
        stopwatch,
        idle: () => {
          idles++;
          return new Promise<void>((resolve) => setTimeout(resolve, 20)).then(() => void log.push('idle'));
        },
      }),
    );
    expect(idles).toBe(2);
    expect(log.filter((e) => e === 'idle' || e.endsWith('harness looks'))).toEqual([
      'idle',
      '1:harness looks',
      'idle',
      '2:harness looks',
    ]);
    expect(stopwatch.engineMs()).toBeGreaterThanOrEqual(30);
  });

  it('runs a sync engine without waiting for anything, and still lets the process do its own I/O', async () => {
    let ran = 0;
    let looks = 0;
    let timerFired = false;
    setTimeout(() => (timerFired = true), 0);
    await driveEvents({
      stopwatch: createStopwatch(),
      async: false,
      step: () => !timerFired && ran++ < 10_000_000,
      idle: () => undefined,
      after: () => ++looks > 0,
    });
    expect(timerFired).toBe(true);
    expect(looks).toBe(ran);
    expect(ran).toBeLessThan(10_000_000);
  });

  it('lets an engine that throws in a tick end the process with its error, as Node does', () => {
    const child = spawnSync(
      process.execPath,
      ['--import', './bin/run-from-source.js', 'test/runner/fixtures/tick-throws.ts'],
      { encoding: 'utf8' },
    );
    expect(child.status).not.toBe(0);
    expect(child.stderr).toContain('engine bug in a tick');
    expect(child.stderr).not.toContain('async hook stack has become corrupted');
    expect(child.stdout).not.toContain('loop ended');
  });

  it('gives up on an engine that never idles', async () => {
    let once = false;
    let stopped = false;
    const forever = (): void => void (stopped || setImmediate(forever));
    await expect(
      driveEvents(
        driver(1, [], {
          step: () => {
            if (once) return false;
            once = true;
            forever();
            return true;
          },
        }),
      ),
    ).rejects.toThrow('engine still busy');
    stopped = true;
  }, 30_000);
});
