// PouchDB's real deployment stack (its HTTP adapter and default fetch against express-pouchdb
// behind Node's http server) over loopback TCP sockets against the same stack inside the
// simulator, on seeded workloads (3 clients; 20 clients with 5 of them partitioned): the HTTP
// bodies each side hands its stack and what the sockets carry agree within 2 % each way. And why
// the engine declares no partial sync: express-pouchdb does not serve a selector-filtered pull.
import { describe, expect, it } from 'vitest';
import { pouchdbAdapter } from '../../adapters/pouchdb/index.ts';
import { DB_NAME } from '../../adapters/pouchdb/express-server.ts';
import { remoteDatabase } from '../../adapters/pouchdb/live-replications.ts';
import { PouchDB } from '../../adapters/pouchdb/pouch.ts';
import { PouchdbLoopback, runPouchdbLoopback } from '../../bench/fidelity/pouchdb-loopback.ts';
import { runSimulated } from '../../bench/fidelity/simulated.ts';
import type { FidelityWorkload } from '../../bench/fidelity/workload.ts';
import { PARTITION_WORKLOAD } from '../../bench/fidelity/workload.ts';
import { expectFidelity } from './expect-fidelity.ts';

const WORKLOAD: FidelityWorkload = { clients: 3, records: 10, updates: 30, words: 15, gapMs: 50, seed: 7 };

describe('PouchDB: the simulator against PouchDB and express-pouchdb over loopback', () => {
  it('carries the real payload and the real socket bytes, within 2 % each way', async () => {
    const sim = await runSimulated(pouchdbAdapter, WORKLOAD);
    const real = await runPouchdbLoopback(WORKLOAD);
    expectFidelity(sim, real);
    // HTTP heads: what the sockets carry is well over the bodies.
    expect(sim.wire.framedBytes).toBeGreaterThan(1.5 * sim.wire.bytes);
  }, 60_000);

  it('does so under --compression deflate, where express-pouchdb gzips its responses', async () => {
    const w: FidelityWorkload = { ...WORKLOAD, compression: 'deflate' };
    const sim = await runSimulated(pouchdbAdapter, w);
    expectFidelity(sim, await runPouchdbLoopback(w));
    // Most responses are under gzip's 1 KiB threshold, and a long poll is gzipped whatever its
    // size: on these small edits gzip adds more (its headers and framing) than it saves.
    const plain = await runSimulated(pouchdbAdapter, WORKLOAD);
    expect(sim.wire.downBytes).toBe(plain.wire.downBytes);
    expect(sim.wire.framedDownBytes).toBeGreaterThan(plain.wire.framedDownBytes);
  }, 60_000);

  it('does so with 20 clients and a partition of 5 of them', async () => {
    const sim = await runSimulated(pouchdbAdapter, PARTITION_WORKLOAD);
    expectFidelity(sim, await runPouchdbLoopback(PARTITION_WORKLOAD));
    expect(sim.wire.disconnects).toBeGreaterThanOrEqual(5);
  }, 120_000);

  it('fails a pull filtered by a Mango selector: express-pouchdb 4.2 has no `_selector` filter', async () => {
    const loopback = await PouchdbLoopback.start(1);
    try {
      const url = `http://${new URL(loopback.proxies.url(0)).host}/${DB_NAME}`;
      const remote = remoteDatabase(
        url,
        () => {},
        () => {},
      );
      await remote.put({ _id: 'a', team: 'red' });
      const local = new PouchDB(`selector-${Date.now()}`, { adapter: 'memory' });
      const pulled = PouchDB.replicate(remote, local, { selector: { team: 'red' } });
      // It asks for `_changes?filter=_selector`; the server looks for a design document of that name.
      await expect(Promise.resolve(pulled)).rejects.toMatchObject({ status: 404, reason: 'missing' });
      await local.destroy();
    } finally {
      await loopback.stop();
    }
  }, 30_000);
});
