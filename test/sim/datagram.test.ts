import { describe, expect, it } from 'vitest';
import { testNetwork } from './net-harness.ts';

describe('datagram transport', () => {
  it('loses messages at the configured rate', () => {
    const net = testNetwork('datagram', { loss: 0.2 });
    net.network.start();
    const n = 20_000;
    for (let i = 0; i < n; i++) net.network.send('a', 'b', net.message(i));
    net.runUntil(1_000);
    const rate = 1 - (net.received.get('b')?.length ?? 0) / n;
    expect(Math.abs(rate - 0.2)).toBeLessThan(0.01);
  });

  it('duplicates messages at the configured rate', () => {
    const net = testNetwork('datagram', { duplicate: 0.1 });
    net.network.start();
    const n = 20_000;
    for (let i = 0; i < n; i++) net.network.send('a', 'b', net.message(i));
    net.runUntil(1_000);
    const extra = (net.received.get('b')?.length ?? 0) / n - 1;
    expect(Math.abs(extra - 0.1)).toBeLessThan(0.01);
  });

  it('reorders some messages when reorder > 0, and none when it is 0', () => {
    const inversions = (reorder: number): number => {
      const net = testNetwork('datagram', { reorder });
      net.network.start();
      for (let i = 0; i < 1000; i++) {
        net.network.send('a', 'b', net.message(i));
        net.runUntil(i); // one message per ms, 10 ms delay: many in flight at once
      }
      net.runUntil(5_000);
      const seqs = net.received.get('b')?.map((r) => r.seq) ?? [];
      return seqs.filter((s, i) => i > 0 && s < (seqs[i - 1] ?? 0)).length;
    };
    expect(inversions(0)).toBe(0);
    expect(inversions(0.1)).toBeGreaterThan(50);
  });

  it('blocks only one direction in a one-way partition', () => {
    const net = testNetwork('datagram', {});
    net.network.start();
    net.network.partitionOneWay(['a'], ['b']);
    for (let i = 0; i < 10; i++) {
      net.network.send('a', 'b', net.message(i));
      net.network.send('b', 'a', net.message(i));
    }
    net.runUntil(100);
    expect(net.received.get('b')).toHaveLength(0);
    expect(net.received.get('a')).toHaveLength(10);
    net.network.heal();
    net.network.send('a', 'b', net.message(99));
    net.runUntil(200);
    expect(net.received.get('b')?.map((r) => r.seq)).toEqual([99]);
  });

  it('delays a big message by bytes·8/rate on a rate-capped link', () => {
    const net = testNetwork('datagram', { delay: 10, rate: 1_000_000 }); // 1 Mbit/s
    net.network.start();
    net.network.send('a', 'b', net.message(1, 125_000)); // 1 Mbit → 1000 ms on the wire
    net.network.send('a', 'b', net.message(2, 4)); // queues behind it
    net.runUntil(5_000);
    const [big, small] = net.received.get('b') ?? [];
    expect(big?.at).toBeCloseTo(1000 + 10, 6);
    expect(small?.at).toBeCloseTo(1000 + 0.032 + 10, 6);
  });

  it('journals every send as delivered, dropped or duplicated', () => {
    const net = testNetwork('datagram', {
      loss: 0.1,
      duplicate: 0.05,
      reorder: 0.05,
      jitter: 5,
      distribution: 'normal',
    });
    net.network.start();
    for (let i = 0; i < 5000; i++) net.network.send('a', 'b', net.message(i));
    net.runUntil(10_000);
    const count = (kind: string): number => [...net.journal.entries].filter((e) => e.kind === kind).length;
    expect(count('deliver') + count('drop')).toBe(count('send') + count('duplicate'));
    expect(count('deliver')).toBe(net.received.get('b')?.length);
  });
});
