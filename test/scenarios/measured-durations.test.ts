// Every built-in scenario says what it costs: a measured wall time at ci and default scale, which
// `syncbench list scenarios` and the README show (scripts/scenario-durations.ts remeasures them).
import { expect, it } from 'vitest';
import { MEASURED_DURATIONS } from '../../scenarios/measured-durations.ts';
import { SCENARIO_NAMES } from '../../scenarios/registry.ts';

it('has a measured ci and default duration for every built-in scenario, and none for others', () => {
  expect(Object.keys(MEASURED_DURATIONS).sort()).toEqual([...SCENARIO_NAMES].sort());
  for (const name of SCENARIO_NAMES) {
    const measured = MEASURED_DURATIONS[name];
    expect(measured?.ci, name).toBeGreaterThan(0);
    expect(measured?.default, name).toBeGreaterThan(measured?.ci ?? Infinity);
  }
});
