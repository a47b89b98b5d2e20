// Every built-in scenario: a valid plan at every scale, and a converged run at ci scale on Yjs
// (its real stack: week-long scenarios carry a million idle awareness messages, ~50 s) and on
// the reference engine.
import { describe, expect, it } from 'vitest';
import { referenceAdapter } from '../../adapters/reference/index.ts';
import { yjsAdapter } from '../../adapters/yjs/index.ts';
import { SCALES } from '../../src/scenario/define-scenario.ts';
import { SCENARIOS } from '../../scenarios/registry.ts';
import { unexpectedLostInserts } from '../../src/runner/result.ts';
import { planFor, runScenario } from '../../src/runner/run-scenario.ts';
import { expectCompleted } from '../helpers/completed-run.ts';

describe.each([...SCENARIOS.values()])('$name', (scenario) => {
  it('plans a valid timeline at every scale, growing with the scale', () => {
    const steps = SCALES.map((scale) => planFor({ scenario, seed: 1, scale }).steps.length);
    expect(steps[0]).toBeLessThan(steps[1] ?? 0);
    expect(steps[1]).toBeLessThan(steps[2] ?? 0);
  });

  it.each([yjsAdapter, referenceAdapter])(
    'converges at ci scale on $name',
    async (adapter) => {
      const { result } = await runScenario({ scenario, adapter, seed: 1, scale: 'ci', replay: 'test' });
      // Yjs clients rewrite their data on upgrade, but the client that never upgrades keeps writing
      // `title`, which upgraded clients read as `name`: they end with stale names (docs/findings.md).
      if (scenario.name === 'schema-upgrades' && adapter === yjsAdapter) {
        expectCompleted(result);
        expect(result.converged).toBe(false);
        expect(result.divergences.every((d) => d.firstDifferingPath.endsWith('.name'))).toBe(true);
        const v1 = result.ownWrites?.byVersion.find((v) => v.version === 1);
        expect(v1?.survived).toBeLessThan(v1?.writes ?? 0);
        return;
      }
      expectCompleted(result);
      expect(result.divergences).toEqual([]);
      expect(result.converged).toBe(true);
      expect(unexpectedLostInserts(result)).toBe(0);
      expect(result.checks.filter((c) => !c.passed)).toEqual([]);
      expect(result.opsApplied).toBeGreaterThan(50);
    },
    180_000,
  );
});
