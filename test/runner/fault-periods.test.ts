// Fault periods from a plan: each fault lasts until what ends it, or until the timeline ends.
import { describe, expect, it } from 'vitest';
import type { Step } from '../../src/scenario/define-scenario.ts';
import { faultPeriods } from '../../src/runner/fault-periods.ts';

describe('fault periods', () => {
  it('pair partitions with heals, offline with online, crashes with restarts; open ones end with the timeline', () => {
    const steps: Step[] = [
      { at: 10, kind: 'fault', fault: { kind: 'partition', groups: [['c1'], ['server', 'c2']] } },
      { at: 20, kind: 'fault', fault: { kind: 'offline', replica: 'c2' } },
      { at: 30, kind: 'fault', fault: { kind: 'heal' } },
      { at: 40, kind: 'fault', fault: { kind: 'online', replica: 'c2' } },
      { at: 50, kind: 'fault', fault: { kind: 'crash', replica: 'c1' } },
      { at: 60, kind: 'sample' },
    ];
    expect(faultPeriods(steps, 100)).toEqual([
      { kind: 'partition', replicas: ['c1', 'server', 'c2'], fromMs: 10, toMs: 30 },
      { kind: 'offline', replicas: ['c2'], fromMs: 20, toMs: 40 },
      { kind: 'crash', replicas: ['c1'], fromMs: 50, toMs: 100 },
    ]);
  });
});
