/**
 * Where PouchDB's wire bytes go: runs concurrent-edits on the PouchDB engine and splits what
 * every HTTP connection carries (heads and bodies, as the sockets carry them) by the endpoint of
 * its request. Each request has a connection of its own (node-fetch's `Connection: close`).
 * `npm run bench:pouchdb-wire [-- seed scale scenario]`.
 */
import { pouchdbAdapter } from '../adapters/pouchdb/index.ts';
import { benchArguments, runWithProbe } from './probe-sends.ts';

const { seed, scale, scenario } = benchArguments('ci');
const bytesBy = new Map<string, number>();
const endpoints = new Map<string, string>(); // `${client}:${connection}` → endpoint
let connections = 0;
const add = (name: string, bytes: number): void => void bytesBy.set(name, (bytesBy.get(name) ?? 0) + bytes);

function endpoint(requestLine: string): string {
  const [method = '?', target = '/'] = requestLine.split(' ');
  const path = (target.split('?')[0] ?? '').replace(/_local\/.*/, '_local/…');
  return `${method} ${path.startsWith('/db/_') || path === '/db/' || path === '/' ? path : '/db/{doc}'}`;
}

const result = await runWithProbe(
  pouchdbAdapter,
  (from, to, bytes, connection) => {
    if (bytes.byteLength === 0) {
      if (from.role === 'client') connections++; // a connection opening
      return;
    }
    const client = from.role === 'client' ? from.id : to;
    const key = `${client}:${connection}`;
    if (from.role === 'client' && !endpoints.has(key))
      endpoints.set(
        key,
        endpoint(Buffer.from(bytes.subarray(0, 512)).toString('latin1').split('\r\n')[0] ?? ''),
      );
    add(`${from.role === 'client' ? 'request ' : 'response'} ${endpoints.get(key) ?? '?'}`, bytes.byteLength);
  },
  seed,
  scale,
  scenario,
);
let framed = 0;
for (const bytes of bytesBy.values()) framed += bytes;
console.log(
  `${framed} bytes on the sockets (payload ${result.wire.bytes}, IP estimate ${result.wire.ipBytes}) over ${connections} connections`,
);
for (const [name, bytes] of [...bytesBy].sort((a, b) => b[1] - a[1]))
  console.log(`${String(bytes).padStart(10)}  ${((100 * bytes) / framed).toFixed(1).padStart(5)}%  ${name}`);
