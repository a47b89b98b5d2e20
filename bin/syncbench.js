#!/usr/bin/env node
// The executable: registers the TypeScript loader and hands the process to the CLI.
import '../lib/register-typescript.js';

const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process);
