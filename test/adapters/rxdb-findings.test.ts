// Pins a finding about RxDB 17.6 that syncbench surfaced (docs/findings.md): its downstream
// queue drops a RESYNC that waits behind pulled-stream events (replication-protocol/downstream.js,
// `addNewTask`: the RESYNC is shifted off the queue, then `break` without running it). A client
// that missed changes while disconnected then never pulls them, and later stream checkpoints
// move past them. With the RESYNC re-queued instead, this very run converges. If this test fails
// because the run converges, RxDB has fixed it: update docs/findings.md and drop the test.
import { expect, it } from 'vitest';
import { rxdbAdapter } from '../../adapters/rxdb/index.ts';
import { scenarioByName } from '../../scenarios/registry.ts';
import { runScenario } from '../../src/runner/run-scenario.ts';
import { expectCompleted } from '../helpers/completed-run.ts';

it('RxDB loses the reconnect RESYNC in concurrent-edits seed 2 and one client stays behind', async () => {
  const { result } = await runScenario({
    scenario: scenarioByName('concurrent-edits'),
    adapter: rxdbAdapter,
    seed: 2,
    scale: 'default',
    replay: 'npx syncbench run concurrent-edits --engines rxdb --seed 2',
  });
  expectCompleted(result);
  expect(result.converged).toBe(false);
  expect(result.divergences).toEqual([
    { replica: 'c8', firstDifferingPath: 'collections.tasks.hot-3.priority' },
  ]);
  expect(result.errors).toEqual([]);
});
