/**
 * Runs concurrent-edits on an engine with a probe that sees every message a replica sends,
 * for the bench scripts that explain where an engine's wire bytes go.
 */
import type { ReplicaContext, ReplicaId, SyncAdapter } from '../src/contract/contract.ts';
import type { Scale } from '../src/scenario/define-scenario.ts';
import { scenarioByName } from '../scenarios/registry.ts';
import type { CompletedRun } from '../src/runner/result.ts';
import { runScenario } from '../src/runner/run-scenario.ts';

export type SendProbe = (from: ReplicaContext, to: ReplicaId, bytes: Uint8Array, connection: number) => void;

/** Seed, scale and scenario from the command line (`-- seed scale scenario`). */
export function benchArguments(defaultScale: Scale): { seed: number; scale: Scale; scenario: string } {
  return {
    seed: Number(process.argv[2] ?? 1),
    scale: (process.argv[3] ?? defaultScale) as Scale,
    scenario: process.argv[4] ?? 'concurrent-edits',
  };
}

export async function runWithProbe(
  adapter: SyncAdapter,
  probe: SendProbe,
  seed: number,
  scale: Scale,
  scenarioName = 'concurrent-edits',
): Promise<CompletedRun> {
  const probed: SyncAdapter = {
    ...adapter,
    createReplica: (ctx) =>
      adapter.createReplica({
        ...ctx,
        send: (to, bytes, connection = 0) => {
          probe(ctx, to, bytes, connection);
          ctx.send(to, bytes, connection);
        },
      }),
  };
  const scenario = scenarioByName(scenarioName);
  const { result } = await runScenario({ scenario, adapter: probed, seed, scale, replay: '' });
  if (result.state !== 'completed') throw new Error(`run ${result.state}`);
  console.log(
    `${scenarioName}, seed ${seed}, scale ${scale}: ${result.wire.bytes} wire bytes, ${result.opsApplied} ops`,
  );
  return result;
}
