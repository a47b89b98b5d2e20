/**
 * Resolves a scenario argument: a built-in name, or the path of a user's scenario file (a
 * module whose default export is a `defineScenario(...)` result, or a JSON scenario).
 */
import { looksLikePath } from '../src/load-module.ts';
import type { ScenarioDefinition } from '../src/scenario/define-scenario.ts';
import { loadScenarioFile } from '../src/scenario/load-scenario-file.ts';
import { scenarioByName } from './registry.ts';

/** A loaded scenario and how to name it in a replay command. */
export interface LoadedScenario {
  readonly definition: ScenarioDefinition;
  /** The argument that selects it again (`concurrent-edits` or `./my-scenario.ts`). */
  readonly argument: string;
}

export async function loadScenario(argument: string, cwd: string): Promise<LoadedScenario> {
  if (!looksLikePath(argument)) return { definition: scenarioByName(argument), argument };
  return { definition: await loadScenarioFile(argument, cwd), argument };
}
