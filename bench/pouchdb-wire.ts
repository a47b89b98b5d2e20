/**
 * Where PouchDB's wire bytes go: runs concurrent-edits on the PouchDB engine and splits every
 * HTTP request and response by endpoint. `npm run bench:pouchdb-wire [-- seed scale scenario]`.
 */
import { decodeRequest, decodeResponse } from '../adapters/pouchdb/http-wire.ts';
import { pouchdbAdapter } from '../adapters/pouchdb/index.ts';
import { benchArguments, runWithProbe } from './probe-sends.ts';

const { seed, scale, scenario } = benchArguments('ci');
const bytesBy = new Map<string, number>();
const endpoints = new Map<string, string>(); // `${client}:${exchange}` → endpoint
const add = (name: string, bytes: number): void => void bytesBy.set(name, (bytesBy.get(name) ?? 0) + bytes);

function endpoint(method: string, target: string): string {
  const path = (target.split('?')[0] ?? '').replace(/_local\/.*/, '_local/…');
  return `${method} ${path.startsWith('/db/_') || path === '/db/' || path === '/' ? path : '/db/{doc}'}`;
}

const result = await runWithProbe(
  pouchdbAdapter,
  (from, to, bytes) => {
    if (from.role === 'client') {
      const { exchange, request } = decodeRequest(bytes);
      const name = endpoint(request.method, request.target);
      endpoints.set(`${from.id}:${exchange}`, name);
      add(`request  ${name}`, bytes.byteLength);
    } else {
      add(`response ${endpoints.get(`${to}:${decodeResponse(bytes).exchange}`) ?? '?'}`, bytes.byteLength);
    }
  },
  seed,
  scale,
  scenario,
);
for (const [name, bytes] of [...bytesBy].sort((a, b) => b[1] - a[1]))
  console.log(
    `${String(bytes).padStart(10)}  ${((100 * bytes) / result.wire.bytes).toFixed(1).padStart(5)}%  ${name}`,
  );
