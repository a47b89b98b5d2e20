/**
 * Resolves a scenario argument: a built-in name, the path of a user's module (`.ts`, `.js`,
 * `.mjs`) whose default export is a `defineScenario(...)` result, or a JSON scenario (`.json`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../src/errors.ts';
import { importFile, looksLikePath } from '../src/load-module.ts';
import type { ScenarioDefinition } from './define-scenario.ts';
import { scenarioFromJson } from './json-scenario.ts';
import { scenarioByName } from './registry.ts';

/** A loaded scenario and how to name it in a replay command. */
export interface LoadedScenario {
  readonly definition: ScenarioDefinition;
  /** The argument that selects it again (`concurrent-edits` or `./my-scenario.ts`). */
  readonly argument: string;
}

export async function loadScenario(argument: string, cwd: string): Promise<LoadedScenario> {
  if (!looksLikePath(argument)) return { definition: scenarioByName(argument), argument };
  if (argument.endsWith('.json')) {
    const path = resolve(cwd, argument);
    if (!existsSync(path)) throw new UsageError(`scenario file ${argument} does not exist`);
    return { definition: scenarioFromJson(argument, readFileSync(path, 'utf8')), argument };
  }
  const module = await importFile(argument, cwd, 'scenario file');
  const definition = module.default as Partial<ScenarioDefinition> | undefined;
  if (!definition || typeof definition.name !== 'string' || typeof definition.plan !== 'function') {
    throw new UsageError(
      `scenario file ${argument}: the default export must be defineScenario({ name, description, plan })`,
    );
  }
  return { definition: definition as ScenarioDefinition, argument };
}
