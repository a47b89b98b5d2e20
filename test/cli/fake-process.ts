/** A process-like object that records what the CLI writes. */
import type { CliProcess } from '../../src/cli/cli-process.ts';
import { main } from '../../src/cli/main.ts';

export async function runCli(args: string[], cwd: string = process.cwd()) {
  let stdout = '';
  let stderr = '';
  const proc: CliProcess = {
    argv: ['node', 'syncbench', ...args],
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    cwd: () => cwd,
  };
  const code = await main(proc);
  return { code, stdout, stderr };
}
