import { pouchdbAdapter } from '../../adapters/pouchdb/index.ts';
import { describe, expect, it } from 'vitest';
import { runConformanceSuite } from '../../src/conformance/conformance-suite.ts';
import { scenarioByName } from '../../scenarios/registry.ts';
import { runScenario } from '../../src/runner/run-scenario.ts';

runConformanceSuite(pouchdbAdapter, { describe, it, expect });

describe('pouchdb in a process that ran other runs before', () => {
  const digestOf = async (name: string, seed: number): Promise<string> => {
    const { result } = await runScenario({
      scenario: scenarioByName(name),
      adapter: pouchdbAdapter,
      seed,
      scale: 'ci',
      replay: '',
    });
    if (result.state !== 'completed') throw new Error(`${name}: ${result.state}`);
    return result.digest;
  };

  // PouchDB's ids come from a process-wide pool of random bytes, and a database's info names its
  // leveldown: both once carried one run into the next (a run after two others of the same seed
  // lost its server's changes listener to a repeated id, and did not converge).
  it('gives the same result for a seed whatever ran before it', async () => {
    const first = await digestOf('partition-heal', 1);
    await digestOf('concurrent-edits', 1);
    expect(await digestOf('partition-heal', 1)).toBe(first);
  }, 60_000);
});
