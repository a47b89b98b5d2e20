// RxDB's real deployment stack (the replication-websocket plugin's client and server over
// RxDatabases) over loopback TCP sockets against the same stack inside the simulator, on seeded
// workloads (3 clients; 12 with 3 of them partitioned): the payload the library hands ws and what
// the sockets carry agree within 2 % each way. And the finding the simulator made in it (docs/findings.md), shown over real sockets.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { rxdbAdapter } from '../../adapters/rxdb/index.ts';
import { RxdbLoopback, runRxdbLoopback, rxdbWorkload } from '../../bench/fidelity/rxdb-loopback.ts';
import { runSimulated } from '../../bench/fidelity/simulated.ts';
import type { FidelityWorkload } from '../../bench/fidelity/workload.ts';
import { PARTITION_WORKLOAD } from '../../bench/fidelity/workload.ts';
import { expectFidelity } from './expect-fidelity.ts';

const WORKLOAD: FidelityWorkload = { clients: 3, records: 10, updates: 30, words: 15, gapMs: 50, seed: 7 };

describe('RxDB: the simulator against the replication-websocket plugin over loopback', () => {
  it('carries the real payload and the real socket bytes, within 2 % each way', async () => {
    const sim = await runSimulated(rxdbAdapter, WORKLOAD);
    expectFidelity(sim, await runRxdbLoopback(WORKLOAD));
  }, 60_000);

  it('does so with 12 clients (the most the free RxDB runs in one process) and a partition of 3', async () => {
    const w = rxdbWorkload(PARTITION_WORKLOAD);
    expect([w.clients, w.partition?.clients]).toEqual([12, 3]);
    const sim = await runSimulated(rxdbAdapter, w);
    expectFidelity(sim, await runRxdbLoopback(w));
    expect(sim.wire.disconnects).toBeGreaterThanOrEqual(3);
  }, 90_000);

  it('stops syncing for good once a push is lost with its connection (the finding, over real sockets)', async () => {
    const loopback = await RxdbLoopback.start(1);
    const create = (id: string) => ({ kind: 'create', collection: 'items', id, fields: { n: 1 } }) as const;
    try {
      await loopback.apply(1, create('before'));
      expect(await loopback.until(() => loopback.agreed(), 5_000)).toBe(true);
      // The next push reaches the server, whose answer is lost with the connection.
      const dropped = loopback.dropConnections();
      await loopback.apply(1, create('lost'));
      await dropped;
      await loopback.apply(1, create('after'));
      const client = loopback.clients[0];
      expect(await loopback.until(() => client?.view.has('items:after') === true, 5_000)).toBe(true);
      // The client reconnects at once and RxDB's retryTime is 5 s: 8 s is plenty.
      expect(await loopback.until(() => loopback.agreed(), 8_000)).toBe(false);
      // The server applied the lost push (its answer was lost); the write after it never came.
      expect(loopback.server.view.has('items:after')).toBe(false);
    } finally {
      await loopback.stop();
    }
  }, 30_000);
});

it("RxDB's websocket client ends a Node process whose connection attempt outlasts its 4 s timeout", () => {
  const child = spawnSync(process.execPath, ['--import', 'tsx', 'test/fixtures/rxdb-connect-timeout.ts'], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  expect(child.stdout).not.toContain('still running');
  expect(child.status).toBe(1);
  expect(child.stderr).toContain("Unhandled 'error' event");
  expect(child.stderr).toContain('WebSocket was closed before the connection was established');
}, 30_000);
