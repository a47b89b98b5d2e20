// Property tests of the simulator (fast-check, fixed seed): whatever the link profile, transport
// and schedule of sends, partitions, offline periods and crashes, the journal accounts for every
// message exactly once (plus duplicates), and the endpoints saw exactly the journal's deliveries.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bookkeepingProblem } from '../../src/fuzz/journal-bookkeeping.ts';
import { testNetwork } from './net-harness.ts';

const probability = (max: number) => fc.integer({ min: 0, max }).map((n) => n / 100);
const profile = fc.record({
  delay: fc.integer({ min: 0, max: 100 }),
  jitter: fc.integer({ min: 0, max: 30 }),
  distribution: fc.constantFrom('constant' as const, 'normal' as const, 'exponential' as const),
  loss: probability(40),
  duplicate: probability(30),
  reorder: probability(30),
  reset: probability(10),
});
const ids = ['a', 'b', 'c'];
const action = fc.oneof(
  fc.record({
    kind: fc.constant('send' as const),
    from: fc.constantFrom(...ids),
    to: fc.constantFrom(...ids),
    size: fc.integer({ min: 4, max: 5000 }),
  }),
  fc.record({ kind: fc.constant('partition' as const), cut: fc.constantFrom(...ids) }),
  fc.record({ kind: fc.constant('heal' as const) }),
  fc.record({
    kind: fc.constantFrom('offline' as const, 'online' as const, 'crash' as const),
    who: fc.constantFrom(...ids),
  }),
);

describe('the simulated network keeps its books', () => {
  it.each(['stream', 'datagram'] as const)(
    '%s: every message ends once per copy, as the journal says',
    (transport) => {
      fc.assert(
        fc.property(
          profile,
          fc.array(fc.tuple(fc.integer({ min: 0, max: 2000 }), action), { maxLength: 60 }),
          fc.nat(),
          (p, schedule, seed) => {
            const net = testNetwork(transport, p, ids, seed);
            const crashed = new Set<string>();
            net.network.start();
            let seq = 0;
            for (const [at, a] of [...schedule].sort((x, y) => x[0] - y[0])) {
              net.runUntil(at);
              if (a.kind === 'send' && a.from !== a.to && !crashed.has(a.from))
                net.network.send(a.from, a.to, net.message(seq++, a.size));
              if (a.kind === 'partition') net.network.partition([[a.cut], ids.filter((id) => id !== a.cut)]);
              if (a.kind === 'heal') net.network.heal();
              if (a.kind === 'offline' || a.kind === 'online')
                net.network.setOffline(a.who, a.kind === 'offline');
              if (a.kind === 'crash' && !crashed.has(a.who)) {
                crashed.add(a.who);
                net.network.crash(a.who);
              }
            }
            net.runUntil(60_000);
            const seen = [...net.received.values()].reduce((n, list) => n + list.length, 0);
            expect(bookkeepingProblem(net.journal.entries, net.network.inFlight(), seen)).toBeUndefined();
          },
        ),
        { seed: 42, numRuns: 200 },
      );
    },
  );
});
