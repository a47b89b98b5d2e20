/**
 * The built-in scenarios, by name. An explicit map: adding a scenario means adding a line here.
 */
import { UsageError } from '../src/errors.ts';
import { concurrentEdits } from './concurrent-edits.ts';
import { crashRestart } from './crash-restart.ts';
import { editingTrace } from './editing-trace.ts';
import { flakyMobile } from './flaky-mobile.ts';
import { largeWorkspace } from './large-workspace.ts';
import { offlineWeeks } from './offline-weeks.ts';
import { partitionHeal } from './partition-heal.ts';
import { schemaUpgrades } from './schema-upgrades.ts';
import type { ScenarioDefinition, ScenarioName } from '../src/scenario/define-scenario.ts';

export const SCENARIOS: ReadonlyMap<ScenarioName, ScenarioDefinition> = new Map(
  [
    concurrentEdits,
    partitionHeal,
    flakyMobile,
    crashRestart,
    offlineWeeks,
    largeWorkspace,
    schemaUpgrades,
    editingTrace,
  ].map((s) => [s.name, s]),
);

export const SCENARIO_NAMES: readonly ScenarioName[] = [...SCENARIOS.keys()];

/** The built-in scenario called `name`, or a usage error naming the valid choices. */
export function scenarioByName(name: string): ScenarioDefinition {
  const scenario = SCENARIOS.get(name as ScenarioName);
  if (!scenario)
    throw new UsageError(`unknown scenario '${name}'; valid scenarios: ${SCENARIO_NAMES.join(', ')}`);
  return scenario;
}
