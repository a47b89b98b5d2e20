#!/usr/bin/env node
// The executable. Installed from the package it runs the compiled CLI (dist/); in a checkout of
// the sources (src/ is there) it runs the TypeScript sources through tsx, so edits need no build.
import { existsSync } from 'node:fs';

const source = new URL('../src/cli/main.ts', import.meta.url);
let cli;
if (existsSync(source)) {
  await import('./run-from-source.js');
  cli = await import(source.href);
} else {
  cli = await import('../dist/src/cli/main.js');
}
process.exitCode = await cli.main(process);
