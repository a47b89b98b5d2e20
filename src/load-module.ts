/**
 * Loading a user's module named on the command line (a scenario or an engine): a path to a
 * `.ts`, `.mts`, `.cts`, `.js`, `.mjs` or `.cjs` file, relative to the working directory, or an
 * installed package name. TypeScript loads through tsx, registered for both module systems the
 * first time a user's module is loaded, so a `.ts` file works whatever the user's package type
 * is: in a `"type": "commonjs"` project tsx compiles it to CommonJS, and its imports of
 * `syncbench/*` reach the same (ES module) copy of syncbench that the CLI itself runs.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from './errors.ts';

const MODULE_FILE = /\.([mc]?[jt]s)$/;
const REGISTERED = Symbol.for('syncbench.tsx-registered');

/** Whether an argument names a file rather than a built-in (it has a slash or a module extension). */
export function looksLikePath(argument: string): boolean {
  return argument.includes('/') || MODULE_FILE.test(argument) || argument.endsWith('.json');
}

/** Registers tsx's loaders once per process (the CLI run from its sources has done so already). */
async function registerTypeScript(): Promise<void> {
  const global = globalThis as { [REGISTERED]?: boolean };
  if (global[REGISTERED]) return;
  const [esm, cjs] = await Promise.all([import('tsx/esm/api'), import('tsx/cjs/api')]);
  esm.register();
  cjs.register();
  global[REGISTERED] = true;
}

/**
 * A module's exports. A CommonJS module's `module.exports` arrives as `default`; when that object
 * itself has a `default` (TypeScript's `export default` compiled to CommonJS), it is unwrapped so
 * both module systems look the same to the caller.
 */
async function importUrl(url: string): Promise<Record<string, unknown>> {
  const module = (await import(url)) as Record<string, unknown>;
  const inner = module.default as Record<string, unknown> | undefined;
  if (inner && typeof inner === 'object' && '__esModule' in inner) return inner;
  return module;
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
    throw new UsageError(`${what} ${argument}: expected a .ts, .mts, .cts, .js, .mjs or .cjs module`);
  await registerTypeScript();
  try {
    if (path.endsWith('.cts')) return requireCommonJs(path);
    return await importUrl(pathToFileURL(path).href);
  } catch (error) {
    // A module that does not compile, or throws as it loads, is the user's to fix: one line.
    // eslint-disable-next-line no-control-regex -- terminal colour codes some compilers put in messages
    const message = (error instanceof Error ? error.message : String(error)).replace(/\u001b\[[0-9;]*m/g, '');
    const kind = error instanceof Error ? error.name : 'Error';
    const oneLine = message
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .join(' ')
      .slice(0, 400);
    throw new UsageError(`${what} ${argument} failed to load: ${kind}: ${oneLine}`);
  }
}

/**
 * A `.cts` module, through Node's CommonJS loader. Imported instead, it would be compiled by tsx's
 * ES module hook and evaluated with the limited `require` Node gives such modules, which cannot
 * load syncbench's own ES modules; the real `require` can.
 */
function requireCommonJs(path: string): Record<string, unknown> {
  const exports = createRequire(path)(path) as Record<string, unknown>;
  return '__esModule' in exports ? exports : { default: exports };
}

/** An installed package's exports, resolved from `cwd` as the user's own code would; undefined if not installed. */
export async function importPackage(name: string, cwd: string): Promise<Record<string, unknown> | undefined> {
  let path: string;
  try {
    path = createRequire(resolve(cwd, 'package.json')).resolve(name);
  } catch {
    return undefined;
  }
  await registerTypeScript();
  return importUrl(pathToFileURL(path).href);
}
