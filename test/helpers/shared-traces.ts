// The real editing traces in ../shared/data (third-party, CC BY 4.0), read from there and never
// copied into the repository. A clone outside that layout has none: tests that need them skip,
// and say why in their name.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

const DIR = resolve(fileURLToPath(new URL('../../../shared/data/editing-traces', import.meta.url)));
const present = existsSync(join(DIR, 'automerge-paper.json.gz'));
const SKIPPED = ` (skipped: no editing traces at ${DIR})`;

/** The path of one shared trace file. */
export function tracePath(file: string): string {
  return join(DIR, file);
}

/** `it` for tests that read the shared traces: skipped, saying so, when they are absent. */
export function itWithTraces(name: string, body: () => Promise<void> | void, timeout?: number): void {
  it.skipIf(!present)(present ? name : name + SKIPPED, body, timeout);
}

/** `describe` for groups that read the shared traces: skipped, saying so, when they are absent. */
export function describeWithTraces(name: string, body: () => void): void {
  describe.skipIf(!present)(present ? name : name + SKIPPED, body);
}
