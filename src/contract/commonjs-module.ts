/**
 * A package's CommonJS build, run unchanged with some of its free names bound per instance:
 * the library's `require` of a module, or a global it reads (`WebSocket`, which a browser gives
 * every page and Node 20 does not have). Each call runs the module's code afresh into its own
 * `module.exports`, as a bundler's per-page copy would, so two replicas in one process each get
 * the library with their own socket class, and what the module draws when it loads (a default
 * reconnect delay) is drawn per replica, from the run's seeded stream; everything else it
 * requires is Node's shared copy.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { compileFunction } from 'node:vm';

const resolver = createRequire(import.meta.url);

export interface ModuleBindings {
  /** Modules by the name the library requires them, in place of Node's. */
  readonly requires?: Readonly<Record<string, unknown>>;
  /** Values of the globals named when the module was loaded. */
  readonly globals?: Readonly<Record<string, unknown>>;
}

/** Compiles the CommonJS module `specifier` resolves to, with `globals` as names it may read. */
export function commonJsModule(
  specifier: string,
  globals: readonly string[] = [],
): (bindings: ModuleBindings) => Record<string, unknown> {
  const filename = resolver.resolve(specifier);
  const nodeRequire = createRequire(filename);
  const body = compileFunction(
    readFileSync(filename, 'utf8'),
    ['exports', 'require', 'module', '__filename', '__dirname', ...globals],
    { filename },
  );
  return (bindings) => {
    const module = { exports: {} as Record<string, unknown> };
    const requires = bindings.requires ?? {};
    const localRequire = (id: string): unknown =>
      Object.hasOwn(requires, id) ? requires[id] : nodeRequire(id);
    const values = globals.map((name) => bindings.globals?.[name]);
    body.call(module.exports, module.exports, localRequire, module, filename, dirname(filename), ...values);
    return module.exports;
  };
}
