/**
 * The engines users can run, by name. An explicit list: adding an engine means adding a line
 * here. Each engine's module (and its library: RxDB, PouchDB, Automerge's WebAssembly) loads only
 * when a command needs that engine, so `--help`, `list scenarios`, `report` and `gate` on files
 * start without loading any.
 */
import type { EngineName, SyncAdapter } from '../src/contract/contract.ts';

const LOADERS = {
  yjs: async () => (await import('./yjs/index.ts')).yjsAdapter,
  automerge: async () => (await import('./automerge/index.ts')).automergeAdapter,
  pouchdb: async () => (await import('./pouchdb/index.ts')).pouchdbAdapter,
  rxdb: async () => (await import('./rxdb/index.ts')).rxdbAdapter,
  reference: async () => (await import('./reference/index.ts')).referenceAdapter,
  hocuspocus: async () => (await import('./yjs/hocuspocus.ts')).hocuspocusAdapter,
  loro: async () => (await import('./loro/index.ts')).loroAdapter,
  sharedb: async () => (await import('./sharedb/index.ts')).sharedbAdapter,
  tinybase: async () => (await import('./tinybase/index.ts')).tinybaseAdapter,
} as const satisfies Record<string, () => Promise<SyncAdapter>>;

export const ENGINE_NAMES = Object.keys(LOADERS) as unknown as readonly EngineName[];

/** Whether `name` is a built-in engine. */
export function isBuiltInEngine(name: string): boolean {
  return Object.hasOwn(LOADERS, name);
}

/** The built-in engine `name` (loading its module the first time), or undefined. */
export async function builtInEngine(name: string): Promise<SyncAdapter | undefined> {
  return isBuiltInEngine(name) ? LOADERS[name as keyof typeof LOADERS]() : undefined;
}

/** Every built-in engine, in the order of `ENGINE_NAMES`. */
export async function builtInEngines(): Promise<SyncAdapter[]> {
  const engines: SyncAdapter[] = [];
  for (const name of ENGINE_NAMES) engines.push((await builtInEngine(name))!);
  return engines;
}
