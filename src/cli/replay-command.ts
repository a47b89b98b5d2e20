/**
 * `syncbench replay FILE`: re-runs a case the fuzzer wrote, on the engine and with the seed the
 * file records (or those given), and says whether the failure still happens: exit 1 when it does,
 * 0 when every property now holds.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadEngines } from '../../adapters/load-engine.ts';
import { UsageError } from '../errors.ts';
import { judgeCase } from '../fuzz/judge-case.ts';
import type { CliProcess } from './cli-process.ts';
import { EXIT } from './cli-process.ts';

export interface ReplayOptions {
  readonly engines?: string[];
  readonly seed?: number;
}

export async function replayCommand(proc: CliProcess, file: string, options: ReplayOptions): Promise<number> {
  let text: string;
  try {
    text = readFileSync(resolve(proc.cwd(), file), 'utf8');
  } catch {
    throw new UsageError(`replay file ${file} cannot be read (does it exist?)`);
  }
  let fuzz: { engine?: unknown; seed?: unknown; property?: unknown; failure?: unknown } = {};
  let parsed: { fuzz?: typeof fuzz; schemaVersion?: unknown; runs?: unknown };
  try {
    parsed = JSON.parse(text) as typeof parsed;
    fuzz = parsed.fuzz ?? {};
  } catch (error) {
    throw new UsageError(`replay file ${file} is not JSON: ${(error as Error).message}`);
  }
  if (parsed.schemaVersion !== undefined && Array.isArray(parsed.runs))
    throw new UsageError(
      `replay file ${file} is a results file (from syncbench run); replay takes a fuzz case or a JSON scenario. Each run in it has the command that replays it: its "replay" field`,
    );
  const engines = options.engines ?? (typeof fuzz.engine === 'string' ? [fuzz.engine] : undefined);
  const seed = options.seed ?? (typeof fuzz.seed === 'number' ? fuzz.seed : undefined);
  if (!engines || seed === undefined)
    throw new UsageError(
      `replay file ${file} names no engine and seed (a "fuzz" block); pass --engines and --seed`,
    );
  if (typeof fuzz.property === 'string')
    proc.stderr.write(
      `recorded: ${fuzz.property}: ${typeof fuzz.failure === 'string' ? fuzz.failure : ''}\n`,
    );
  let reproduced = false;
  for (const { adapter } of await loadEngines(engines, proc.cwd())) {
    const verdict = await judgeCase(adapter, text, seed, file);
    const head = `replay ${file} on ${adapter.name} (seed ${seed})`;
    if (verdict.state === 'failed') {
      reproduced = true;
      proc.stdout.write(`${head}: FAILS ${verdict.property}: ${verdict.detail}\n`);
    } else if (verdict.state === 'unsupported')
      proc.stdout.write(`${head}: unsupported (${verdict.reason})\n`);
    else proc.stdout.write(`${head}: every property holds (digest ${verdict.digest.slice(0, 12)})\n`);
  }
  return reproduced ? EXIT.failed : EXIT.ok;
}
