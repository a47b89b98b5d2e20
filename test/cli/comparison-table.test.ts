import { expect, it } from 'vitest';
import { comparisonTable } from '../../src/cli/comparison-table.ts';
import type { RunResult } from '../../src/runner/result.ts';

it('prints an unsupported run as its reason, without widening the figure columns', () => {
  const reason = 'rxdb runs at most 13 clients (the scenario has 16): '.repeat(3);
  const unsupported: RunResult = {
    scenario: 'concurrent-edits',
    engine: 'rxdb',
    seed: 1,
    scale: 'large',
    replay: 'npx syncbench run concurrent-edits --engines rxdb --seed 1 --scale large',
    state: 'unsupported',
    reason,
  };
  const [header, row] = comparisonTable([unsupported]).trimEnd().split('\n');
  expect(header).toMatch(/^scenario {10}engine {2}converged {2}converged after/);
  expect(row).toBe(`concurrent-edits  rxdb    unsupported: ${reason}`.trimEnd());
});
