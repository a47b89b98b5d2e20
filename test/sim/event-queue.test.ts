import { describe, expect, it } from 'vitest';
import type { EventHandler } from '../../src/sim/event-queue.ts';
import { EventQueue } from '../../src/sim/event-queue.ts';
import { randomStream } from '../../src/sim/prng.ts';

/** Fires every event of `queue`, returning (time, seq) of each in the order they fired. */
function drain(queue: EventQueue): { time: number; seq: number }[] {
  const fired: { time: number; seq: number }[] = [];
  while (queue.runNext()) fired.push({ time: queue.lastTime, seq: queue.lastSeq });
  return fired;
}

describe('EventQueue', () => {
  it('fires events by time, then by the order they were pushed', () => {
    const queue = new EventQueue();
    const random = randomStream(5, 'queue');
    const pushed: { time: number; seq: number }[] = [];
    for (let i = 0; i < 2000; i++) {
      const time = random.int(0, 50);
      pushed.push({ time, seq: queue.seqAt(queue.push(time, () => {})) });
    }
    const expected = [...pushed].sort((a, b) => a.time - b.time || a.seq - b.seq);
    expect(drain(queue)).toEqual(expected);
    expect(queue.size).toBe(0);
  });

  it('interleaves pushes and pops, reusing slots, and calls handlers with their numbers', () => {
    const queue = new EventQueue();
    const calls: string[] = [];
    const handler: EventHandler = { handleEvent: (a, b) => calls.push(`h${a},${b}`) };
    queue.push(10, () => calls.push('ten'));
    queue.pushCall(5, handler, 1, 2);
    expect(queue.peekTime()).toBe(5);
    queue.runNext();
    queue.push(7, () => calls.push('seven-a'));
    queue.pushCall(7, handler, 3, 4.5);
    queue.runNext();
    queue.runNext();
    expect(queue.runNext()).toBe(true);
    expect(queue.runNext()).toBe(false);
    expect(calls).toEqual(['h1,2', 'seven-a', 'h3,4.5', 'ten']);
  });

  it('a cancelled event calls nothing but still passes; cancelling a reused slot does nothing', () => {
    const queue = new EventQueue();
    const calls: number[] = [];
    const first = queue.push(1, () => calls.push(1));
    const firstSeq = queue.seqAt(first);
    queue.cancel(first, firstSeq);
    expect(queue.runNext()).toBe(true);
    expect(queue.lastTime).toBe(1);
    const reused = queue.push(2, () => calls.push(2));
    expect(reused).toBe(first);
    queue.cancel(first, firstSeq); // the old event's handle: the new one still fires
    drain(queue);
    expect(calls).toEqual([2]);
  });

  it('grows past its first capacity and keeps the order', () => {
    const queue = new EventQueue();
    const random = randomStream(9, 'grow');
    const times: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const t = random.next() * 100;
      times.push(t);
      queue.push(t, () => {});
      if (i % 3 === 0) {
        queue.runNext();
        times.sort((a, b) => a - b);
        expect(queue.lastTime).toBe(times.shift());
      }
    }
    const rest = drain(queue).map((e) => e.time);
    expect(rest).toEqual([...times].sort((a, b) => a - b));
  });
});
