/**
 * Resolves a scenario argument: a built-in name, or the path of a user's module (`.ts`, `.js`,
 * `.mjs`) whose default export is a `defineScenario(...)` result.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../src/errors.ts';
import type { ScenarioDefinition } from './define-scenario.ts';
import { scenarioByName } from './registry.ts';

/** A loaded scenario and how to name it in a replay command. */
export interface LoadedScenario {
  readonly definition: ScenarioDefinition;
  /** The argument that selects it again (`concurrent-edits` or `./my-scenario.ts`). */
  readonly argument: string;
}

function looksLikePath(argument: string): boolean {
  return argument.includes('/') || /\.(m?[jt]s)$/.test(argument);
}

export async function loadScenario(argument: string, cwd: string): Promise<LoadedScenario> {
  if (!looksLikePath(argument)) return { definition: scenarioByName(argument), argument };
  const path = resolve(cwd, argument);
  if (!existsSync(path)) throw new UsageError(`scenario file ${argument} does not exist`);
  if (!/\.(m?[jt]s)$/.test(path))
    throw new UsageError(`scenario file ${argument}: expected a .ts, .js or .mjs module`);
  const module = (await import(pathToFileURL(path).href)) as { default?: unknown };
  const definition = module.default as Partial<ScenarioDefinition> | undefined;
  if (!definition || typeof definition.name !== 'string' || typeof definition.plan !== 'function') {
    throw new UsageError(
      `scenario file ${argument}: the default export must be defineScenario({ name, description, plan })`,
    );
  }
  return { definition: definition as ScenarioDefinition, argument };
}
