/**
 * Loading a user's module named on the command line (a scenario or an engine): a path to a
 * `.ts`, `.js` or `.mjs` file, relative to the working directory, or an installed package name.
 * TypeScript loads because the CLI runs under tsx.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from './errors.ts';

const MODULE_FILE = /\.(m?[jt]s)$/;

/** Whether an argument names a file rather than a built-in (it has a slash or a module extension). */
export function looksLikePath(argument: string): boolean {
  return argument.includes('/') || MODULE_FILE.test(argument) || argument.endsWith('.json');
}

/** The module's exports; `what` names the kind of module in errors (`scenario file`, `engine module`). */
export async function importFile(
  argument: string,
  cwd: string,
  what: string,
): Promise<Record<string, unknown>> {
  const path = resolve(cwd, argument);
  if (!existsSync(path)) throw new UsageError(`${what} ${argument} does not exist`);
  if (!MODULE_FILE.test(path))
    throw new UsageError(`${what} ${argument}: expected a .ts, .js or .mjs module`);
  return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
}

/** An installed package's exports, resolved from `cwd` as the user's own code would; undefined if not installed. */
export async function importPackage(name: string, cwd: string): Promise<Record<string, unknown> | undefined> {
  let path: string;
  try {
    path = createRequire(resolve(cwd, 'package.json')).resolve(name);
  } catch {
    return undefined;
  }
  return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
}
