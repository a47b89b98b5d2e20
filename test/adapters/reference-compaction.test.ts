// The whole conformance suite again, with the server compacting its log every 15 changes,
// collecting tombstones 10 changes after their delete and sending snapshots in parts of 4
// records: offline and crashed clients fall behind the collected tombstones
// and catch up from snapshots; a restarted server restores from its snapshot plus the log tail.
import { describe, expect, it } from 'vitest';
import { referenceAdapterWith } from '../../adapters/reference/index.ts';
import { runConformanceSuite } from '../../src/conformance/conformance-suite.ts';
import { fixture } from '../../src/conformance/fixtures.ts';
import { runScenario } from '../../src/runner/run-scenario.ts';
import { expectCompleted } from '../helpers/completed-run.ts';

const compacting = referenceAdapterWith({ compactEvery: 15, snapshotPart: 4, keepTombstones: 10 });

runConformanceSuite(compacting, { describe, it, expect });

describe('reference engine partial sync', () => {
  it('keeps a subscribed client equal to its slice while records move in and out of it', async () => {
    for (const adapter of [compacting, referenceAdapterWith({})]) {
      const scenario = fixture({
        name: 'moving-slice',
        subscriptions: { c2: { collection: 'items', where: { status: 'doing' } } },
        faults: [
          { at: 3_000, fault: { kind: 'offline', replica: 'c2' } },
          { at: 7_000, fault: { kind: 'online', replica: 'c2' } },
        ],
      });
      const { result } = await runScenario({ scenario, adapter, seed: 9, scale: 'ci', replay: 'test' });
      expectCompleted(result);
      expect(result.divergences).toEqual([]);
      expect(result.converged).toBe(true);
      expect(result.opsByKind.update).toBeGreaterThan(10); // status changes move records across the slice
    }
  });
});
