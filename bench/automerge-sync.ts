/**
 * What Automerge's sync messages carry: runs concurrent-edits on the Automerge engine, decodes
 * every message, and splits its bytes into changes and protocol (heads, needs, bloom filters).
 * `npm run bench:automerge-sync [-- seed scale]`.
 */
import * as A from '@automerge/automerge';
import { automergeAdapter } from '../adapters/automerge/index.ts';
import type { ReplicaContext, SyncAdapter } from '../adapters/contract.ts';
import type { Scale } from '../scenarios/define-scenario.ts';
import { scenarioByName } from '../scenarios/registry.ts';
import { runScenario } from '../src/runner/run-scenario.ts';

const seed = Number(process.argv[2] ?? 1);
const scale = (process.argv[3] ?? 'default') as Scale;
let messages = 0;
let withoutChanges = 0;
let changeBytes = 0;

const counted: SyncAdapter = {
  ...automergeAdapter,
  createReplica: (ctx: ReplicaContext) =>
    automergeAdapter.createReplica({
      ...ctx,
      send: (to, bytes) => {
        const { changes } = A.decodeSyncMessage(bytes);
        messages++;
        if (changes.length === 0) withoutChanges++;
        for (const change of changes) changeBytes += change.byteLength;
        ctx.send(to, bytes);
      },
    }),
};

const { result } = await runScenario({
  scenario: scenarioByName('concurrent-edits'),
  adapter: counted,
  seed,
  scale,
  replay: '',
});
if (result.state !== 'completed') throw new Error(`run ${result.state}`);
const total = result.wire.bytes;
console.log(`concurrent-edits, seed ${seed}, scale ${scale}, ${result.opsApplied} ops`);
console.log(`wire bytes ${total}; changes ${changeBytes} (${((100 * changeBytes) / total).toFixed(1)}%)`);
console.log(`messages ${messages}; without any change ${withoutChanges}`);
