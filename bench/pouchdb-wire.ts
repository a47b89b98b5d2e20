/**
 * Where PouchDB's wire bytes go: runs concurrent-edits on the PouchDB engine and splits every
 * HTTP request and response by endpoint. `npm run bench:pouchdb-wire [-- seed scale]`.
 */
import type { ReplicaContext, SyncAdapter } from '../adapters/contract.ts';
import { pouchdbAdapter } from '../adapters/pouchdb/index.ts';
import { decodeRequest, decodeResponse } from '../adapters/pouchdb/http-wire.ts';
import type { Scale } from '../scenarios/define-scenario.ts';
import { scenarioByName } from '../scenarios/registry.ts';
import { runScenario } from '../src/runner/run-scenario.ts';

const seed = Number(process.argv[2] ?? 1);
const scale = (process.argv[3] ?? 'ci') as Scale;
const bytesBy = new Map<string, number>();
const endpoints = new Map<string, string>(); // `${client}:${exchange}` → endpoint

function endpoint(method: string, target: string): string {
  const path = (target.split('?')[0] ?? '').replace(/_local\/.*/, '_local/…');
  return `${method} ${path.startsWith('/db/_') || path === '/db/' || path === '/' ? path : '/db/{doc}'}`;
}

const counted: SyncAdapter = {
  ...pouchdbAdapter,
  createReplica: (ctx: ReplicaContext) =>
    pouchdbAdapter.createReplica({
      ...ctx,
      send: (to, bytes) => {
        if (ctx.role === 'client') {
          const { exchange, request } = decodeRequest(bytes);
          const name = endpoint(request.method, request.target);
          endpoints.set(`${ctx.id}:${exchange}`, name);
          bytesBy.set(`request  ${name}`, (bytesBy.get(`request  ${name}`) ?? 0) + bytes.byteLength);
        } else {
          const name = endpoints.get(`${to}:${decodeResponse(bytes).exchange}`) ?? '?';
          bytesBy.set(`response ${name}`, (bytesBy.get(`response ${name}`) ?? 0) + bytes.byteLength);
        }
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
console.log(`concurrent-edits, seed ${seed}, scale ${scale}: ${total} wire bytes, ${result.opsApplied} ops`);
for (const [name, bytes] of [...bytesBy].sort((a, b) => b[1] - a[1]))
  console.log(`${String(bytes).padStart(10)}  ${((100 * bytes) / total).toFixed(1).padStart(5)}%  ${name}`);
