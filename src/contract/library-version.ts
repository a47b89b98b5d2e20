/**
 * The installed version of a library, read from its package.json. Found through Node's module
 * search paths rather than `require('<pkg>/package.json')`, which packages with an `exports` map
 * (Automerge, RxDB) refuse.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

export function libraryVersion(pkg: string): string {
  for (const dir of require.resolve.paths(pkg) ?? []) {
    const file = join(dir, pkg, 'package.json');
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  }
  throw new Error(`library ${pkg} is not installed`);
}
