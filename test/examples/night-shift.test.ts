// The scenario example of docs/scenarios.md: a valid plan at every scale, converging on an engine.
import { describe, expect, it } from 'vitest';
import { yjsAdapter } from '../../adapters/yjs/index.ts';
import { runScenario } from '../../src/runner/run-scenario.ts';
import nightShift from '../../examples/night-shift.ts';
import { expectCompleted } from '../helpers/completed-run.ts';

describe('examples/night-shift.ts', () => {
  it('runs and converges after the outage', async () => {
    const { result } = await runScenario({
      scenario: nightShift,
      adapter: yjsAdapter,
      seed: 3,
      scale: 'ci',
      replay: '',
    });
    expectCompleted(result);
    expect(result.converged).toBe(true);
    expect(result.wire.phases.map((p) => p.phase)).toEqual([
      'start',
      'seed',
      'day',
      'outage',
      'night',
      'settle',
    ]);
  });
});
