import { describe, expect, it } from 'vitest';
import type { ScenarioPlan } from '../../src/scenario/define-scenario.ts';
import { defineScenario, validatePlan } from '../../src/scenario/define-scenario.ts';
import { concurrentEdits } from '../../scenarios/concurrent-edits.ts';
import { randomStream } from '../../src/sim/prng.ts';
import { UsageError } from '../../src/errors.ts';

const good = concurrentEdits.plan('ci', (name) => randomStream(1, name), {});

describe('scenario validation', () => {
  it('accepts the built-in plans at every scale', () => {
    for (const scale of ['ci', 'default', 'large'] as const) {
      expect(() =>
        validatePlan(
          'concurrent-edits',
          concurrentEdits.plan(scale, (n) => randomStream(1, n), {}),
        ),
      ).not.toThrow();
    }
  });

  it.each([
    [{ profile: { ...good.profile, delay: -5 } }, 'scenario x: network.delay must be a number ≥ 0, got -5'],
    [
      { profile: { ...good.profile, loss: 2 } },
      'scenario x: network.loss must be a probability in [0, 1], got 2',
    ],
    [{ replicas: 0 }, 'scenario x: replicas must be an integer ≥ 1, got 0'],
    [
      { steps: [{ at: 5, kind: 'work', replica: 'c9' }] },
      "scenario x: steps[0] names replica 'c9', which is not one of server, c1, c2, c3, c4",
    ],
    [{ steps: [{ at: -1, kind: 'sample' }] }, 'scenario x: steps[0].at must be a time ≥ 0 in ms, got -1'],
  ] as [Partial<ScenarioPlan>, string][])('rejects %j', (patch, message) => {
    expect(() => validatePlan('x', { ...good, ...patch })).toThrow(new UsageError(message));
  });

  it('requires kebab-case names', () => {
    expect(() => defineScenario({ name: 'Bad Name', description: '', plan: () => good })).toThrow(
      /kebab-case/,
    );
  });
});
