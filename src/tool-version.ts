/**
 * The tool's own version, from its package.json: the nearest one above this module named
 * `syncbench`, so it is found from the sources and from the compiled package alike.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function readToolVersion(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'syncbench' && typeof manifest.version === 'string') return manifest.version;
    }
    if (dirname(dir) === dir) throw new Error('syncbench: its own package.json was not found');
  }
}

export const TOOL_VERSION = readToolVersion();
