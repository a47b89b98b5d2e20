import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/sim/event-queue.ts';
import { randomStream } from '../../src/sim/prng.ts';

describe('EventQueue', () => {
  it('pops events by time, then by the order they were pushed', () => {
    const queue = new EventQueue();
    const random = randomStream(5, 'queue');
    const pushed: { time: number; seq: number }[] = [];
    for (let i = 0; i < 2000; i++) {
      const e = queue.push(random.int(0, 50), () => {});
      pushed.push({ time: e.time, seq: e.seq });
    }
    const popped: { time: number; seq: number }[] = [];
    for (let e = queue.pop(); e; e = queue.pop()) popped.push({ time: e.time, seq: e.seq });
    const expected = [...pushed].sort((a, b) => a.time - b.time || a.seq - b.seq);
    expect(popped).toEqual(expected);
    expect(queue.size).toBe(0);
  });

  it('interleaves pushes and pops correctly', () => {
    const queue = new EventQueue();
    queue.push(10, () => {});
    queue.push(5, () => {});
    expect(queue.pop()?.time).toBe(5);
    queue.push(7, () => {});
    queue.push(7, () => {});
    const a = queue.pop();
    const b = queue.pop();
    expect([a?.time, b?.time]).toEqual([7, 7]);
    expect((a?.seq ?? 0) < (b?.seq ?? 0)).toBe(true);
    expect(queue.pop()?.time).toBe(10);
    expect(queue.pop()).toBeUndefined();
  });
});
