// The free RxDB opens at most 13 collections per process; the server and each client hold one.
import { describe, expect, it } from 'vitest';
import { rxdbAdapter } from '../../adapters/rxdb/index.ts';
import { fixture } from '../../src/conformance/fixtures.ts';
import { runScenario } from '../../src/runner/run-scenario.ts';

const run = async (replicas: number) =>
  (
    await runScenario({
      scenario: fixture({ name: `clients-${replicas}`, replicas, opsPerReplica: 5 }),
      adapter: rxdbAdapter,
      seed: 3,
      scale: 'ci',
      replay: 'test',
    })
  ).result;

describe('rxdb collection limit', () => {
  it('runs 12 clients, twice in a row (a finished run frees its collections)', async () => {
    for (let i = 0; i < 2; i++) {
      const result = await run(12);
      expect(result.state).toBe('completed');
      if (result.state === 'completed') expect(result.converged).toBe(true);
    }
  });

  it('reports 13 clients unsupported, saying why', async () => {
    const result = await run(13);
    expect(result.state).toBe('unsupported');
    if (result.state === 'unsupported')
      expect(result.reason).toMatch(
        /rxdb runs at most 12 clients \(the scenario has 13\): the free RxDB .* COL23/,
      );
  });
});
