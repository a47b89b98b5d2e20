/**
 * Loads a user's scenario file: a module (`.ts`, `.mts`, `.js`, `.mjs`) whose default export is
 * a `defineScenario(...)` result, or a JSON scenario (`.json`).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../errors.ts';
import { importFile } from '../load-module.ts';
import type { ScenarioDefinition } from './define-scenario.ts';
import { scenarioFromJson } from './json-scenario.ts';

/** The scenario in the file `argument` names, relative to `cwd`. */
export async function loadScenarioFile(argument: string, cwd: string): Promise<ScenarioDefinition> {
  if (argument.endsWith('.json')) {
    const path = resolve(cwd, argument);
    if (!existsSync(path)) throw new UsageError(`scenario file ${argument} does not exist`);
    if (statSync(path).isDirectory())
      throw new UsageError(`scenario file ${argument} is a directory, not a JSON scenario`);
    return scenarioFromJson(argument, readFileSync(path, 'utf8'));
  }
  const module = await importFile(argument, cwd, 'scenario file');
  const definition = module.default as Partial<ScenarioDefinition> | undefined;
  if (!definition || typeof definition.name !== 'string' || typeof definition.plan !== 'function') {
    throw new UsageError(
      `scenario file ${argument}: the default export must be defineScenario({ name, description, plan })`,
    );
  }
  return definition as ScenarioDefinition;
}
