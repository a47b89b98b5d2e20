import { describe, expect, it } from 'vitest';
import { testNetwork } from './net-harness.ts';

describe('stream transport', () => {
  it('never reorders or loses messages while the connection is up, despite loss and jitter', () => {
    const net = testNetwork('stream', { delay: 20, jitter: 15, distribution: 'pareto', loss: 0.1 });
    net.network.start();
    net.runUntil(1_000);
    expect(net.events).toEqual(['b+a', 'a+b']);
    for (let i = 0; i < 5000; i++) {
      net.network.send('a', 'b', net.message(i));
      if (i % 10 === 0) net.runUntil(1_000 + i);
    }
    net.runUntil(100_000);
    expect(net.received.get('b')?.map((r) => r.seq)).toEqual(Array.from({ length: 5000 }, (_, i) => i));
  });

  it('loss shows up as retransmission delay, not as lost messages', () => {
    const lossy = testNetwork('stream', { delay: 20, loss: 0.3 });
    lossy.network.start();
    lossy.runUntil(100);
    for (let i = 0; i < 1000; i++) lossy.network.send('a', 'b', lossy.message(i));
    lossy.runUntil(100_000);
    const arrivals = lossy.received.get('b') ?? [];
    expect(arrivals).toHaveLength(1000);
    expect(Math.max(...arrivals.map((r) => r.at))).toBeGreaterThan(100 + 20 + 200);
  });

  it('a reset drops what is in flight, disconnects both ends, and reconnects', () => {
    const net = testNetwork('stream', { reset: 0.05 });
    net.network.start();
    net.runUntil(100);
    for (let i = 0; i < 200; i++) {
      net.network.send('a', 'b', net.message(i));
      net.runUntil(100 + i * 100);
    }
    net.runUntil(60_000);
    const disconnects = net.events.filter((e) => e === 'a-b').length;
    const reconnects = net.events.filter((e) => e === 'a+b').length;
    expect(disconnects).toBeGreaterThan(0);
    expect(reconnects).toBe(disconnects + 1);
    const drops = [...net.journal.entries].filter((e) => e.kind === 'drop');
    expect(drops.length).toBeGreaterThan(0);
    const seqs = net.received.get('b')?.map((r) => r.seq) ?? [];
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
  });

  it('a partition (even one-way) ends the connection; it comes back after the heal', () => {
    const net = testNetwork('stream', {});
    net.network.start();
    net.runUntil(100);
    net.network.partitionOneWay(['a'], ['b']);
    expect(net.events).toEqual(['b+a', 'a+b', 'b-a', 'a-b']);
    net.network.send('a', 'b', net.message(1));
    net.runUntil(30_000);
    expect(net.received.get('b')).toHaveLength(0);
    expect(net.events).toHaveLength(4); // reconnect attempts fail while cut
    net.network.heal();
    net.runUntil(40_000);
    expect(net.events.slice(4)).toEqual(['b+a', 'a+b']);
    net.network.send('a', 'b', net.message(2));
    net.runUntil(41_000);
    expect(net.received.get('b')?.map((r) => r.seq)).toEqual([2]);
  });

  it('an offline replica loses its connections and gets them back when online', () => {
    const net = testNetwork('stream', {}, ['s', 'x', 'y']);
    net.network.start();
    net.runUntil(100);
    net.network.setOffline('x', true);
    expect(net.events.filter((e) => e.endsWith('-x') || e.startsWith('x-')).length).toBe(4);
    net.network.send('s', 'y', net.message(5));
    net.runUntil(200);
    expect(net.received.get('y')).toHaveLength(1);
    net.network.setOffline('x', false);
    net.runUntil(20_000);
    expect(net.events.filter((e) => e.startsWith('x+')).length).toBe(4);
  });

  it('three weeks offline cost no reconnect events, and the replica is back within one backoff of coming online', () => {
    const net = testNetwork('stream', {}, ['s', 'x']);
    net.network.start();
    net.runUntil(100);
    net.network.setOffline('x', true);
    const weeks = 21 * 86_400_000;
    let events = 0;
    while (net.sim.step(weeks)) events++;
    // The retries double up to the 5 s ceiling and then park: a handful of events, not 360,000.
    expect(events).toBeLessThan(50);
    net.sim.advanceTo(weeks);
    net.network.setOffline('x', false);
    net.runUntil(weeks + 5_100);
    expect(net.events.filter((e) => e.startsWith('x+'))).toEqual(['x+s', 'x+s']); // at start, and back
  });
});
