/**
 * Resolves an `--engines` entry: a built-in engine name, or a third-party adapter — the path of
 * a `.ts`/`.js`/`.mjs` module, or an installed package — whose default export (or export named
 * `adapter`) implements the public contract. A third-party engine runs exactly like a built-in.
 */
import { UsageError } from '../src/errors.ts';
import { importFile, importPackage, looksLikePath } from '../src/load-module.ts';
import type { SyncAdapter } from '../src/contract/contract.ts';
import { builtInEngine, ENGINE_NAMES } from './registry.ts';
import { validateAdapter } from '../src/contract/validate-adapter.ts';

export interface LoadedEngine {
  readonly adapter: SyncAdapter;
  /** The argument that selects it again (`yjs` or `./my-engine.ts`). */
  readonly argument: string;
}

export async function loadEngine(argument: string, cwd: string): Promise<LoadedEngine> {
  const builtIn = await builtInEngine(argument);
  if (builtIn) return { adapter: builtIn, argument };
  const label = `engine module ${argument}`;
  const exports = looksLikePath(argument)
    ? await importFile(argument, cwd, 'engine module')
    : await importPackage(argument, cwd);
  if (!exports)
    throw new UsageError(
      `unknown engine '${argument}'; valid engines: ${ENGINE_NAMES.join(', ')}, or the path or package name of a module exporting an adapter`,
    );
  const candidate = exports.default ?? exports.adapter;
  if (candidate === undefined)
    throw new UsageError(`${label}: export the adapter as the default export or as 'adapter'`);
  return { adapter: validateAdapter(label, candidate), argument };
}

/** Loads every entry; two entries may not resolve to engines of the same name. */
export async function loadEngines(argumentsList: readonly string[], cwd: string): Promise<LoadedEngine[]> {
  const loaded: LoadedEngine[] = [];
  for (const argument of argumentsList) {
    const engine = await loadEngine(argument, cwd);
    const clash = loaded.find((e) => e.adapter.name === engine.adapter.name);
    if (clash)
      throw new UsageError(
        `engines ${clash.argument} and ${argument} are both named '${engine.adapter.name}'; results are keyed by engine name`,
      );
    loaded.push(engine);
  }
  return loaded;
}
