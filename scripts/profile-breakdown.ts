/**
 * Where a whole suite's CPU time goes: every V8 CPU profile in a directory (one per process:
 * the CLI and each worker), summed by who owns the code that was running (an engine's library,
 * its adapter, the socket stack, the simulator, the harness, the garbage collector…).
 *
 *   node --cpu-prof --cpu-prof-dir=prof bin/syncbench.js run --scale ci --jobs 2
 *   npx tsx scripts/profile-breakdown.ts prof [--top 25]
 *
 * The pool passes the profiling flags on to its workers, so each writes its profile when it
 * exits. Time is self time (the function at the top of the stack), so a library's share
 * includes nothing it called.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string };
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Who owns a piece of code, by its URL (first match wins). */
const OWNERS: readonly (readonly [string, RegExp])[] = [
  ['Yjs (yjs, y-protocols, y-websocket, lib0)', /node_modules\/(yjs|y-protocols|y-websocket|@y\/|lib0)\//],
  [
    'Automerge (automerge and its wasm, automerge-repo and its dependencies)',
    /node_modules\/(@automerge|xstate|@noble\/hashes|cbor-x|bs58check|bs58|base-x|eventemitter3|debug|fast-sha256)\/|^wasm:\/\/wasm\/automerge/,
  ],
  [
    'PouchDB (pouchdb, its memory storage)',
    /node_modules\/(pouchdb[^/]*|memdown|levelup|leveldown|abstract-leveldown|level[^/]*|sublevel-pouchdb|spark-md5|vuvuzela|express-pouchdb)\//,
  ],
  ['RxDB (rxdb, rxjs)', /node_modules\/(rxdb|rxjs|event-reduce-js|mingo|array-push-at-sort-position)\//],
  [
    'socket stack (ws, Node http, streams)',
    /node_modules\/ws\/|^node:(_http|http|net|stream|internal\/streams|internal\/http|events|buffer|internal\/buffer)/,
  ],
  ['msgpack (reference engine codec)', /node_modules\/@msgpack\//],
  ['zlib', /^node:zlib|node:internal\/zlib/],
  ['reference engine (src/engine, adapters/reference)', /\/src\/engine\/|\/adapters\/reference\//],
  ['adapters (yjs, automerge, pouchdb, rxdb)', /\/adapters\//],
  ['simulator (src/sim, sim sockets)', /\/src\/sim\/|\/src\/contract\/sim-/],
  ['harness (runner, timing, contract helpers)', /\/src\/(runner|timing|contract|scenario)\/|\/scenarios\//],
  ['CLI, pool, results, reports', /\/src\/(cli|pool|results|readable)|\/reports\//],
  ['TypeScript loading (tsx, esbuild)', /node_modules\/(tsx|esbuild)\/|^node:internal\/modules/],
  ['other Node internals', /^node:/],
  ['other packages', /node_modules\//],
];

function ownerOf(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (url === '') {
    if (functionName === '(garbage collector)') return 'garbage collector';
    if (functionName === '(idle)') return 'idle';
    if (functionName === '(program)') return 'V8 and native (program)';
    return 'native functions';
  }
  for (const [owner, pattern] of OWNERS) if (pattern.test(url)) return owner;
  return 'other';
}

// Piped into `head`, stop quietly when the reader has had enough.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith('--'));
const topIndex = args.indexOf('--top');
const top = topIndex >= 0 ? Number(args[topIndex + 1]) : 20;
if (!dir) {
  console.error('usage: profile-breakdown DIR [--top N]   (DIR holds *.cpuprofile files)');
  process.exit(64);
}
const byOwner = new Map<string, number>();
const byFunction = new Map<string, number>();
let total = 0;
const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
for (const file of files) {
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  profile.samples.forEach((id, i) => {
    const node = nodes.get(id);
    const micros = profile.timeDeltas[i] ?? 0;
    if (!node || micros <= 0) return;
    total += micros;
    const owner = ownerOf(node);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + micros);
    const where = node.callFrame.url.split('/').slice(-2).join('/');
    const name = `${node.callFrame.functionName || '(anonymous)'} ${where}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
  });
}
const idle = byOwner.get('idle') ?? 0;
const busy = total - idle;
const row = (micros: number, label: string): string =>
  `${(micros / 1e6).toFixed(1).padStart(8)} s ${((100 * micros) / busy).toFixed(1).padStart(5)} %  ${label}`;
console.log(
  `${files.length} profiles, ${(busy / 1e6).toFixed(1)} s of CPU (idle ${(idle / 1e6).toFixed(1)} s left out)`,
);
console.log('\nby owner');
for (const [owner, micros] of [...byOwner].sort((a, b) => b[1] - a[1]))
  if (owner !== 'idle') console.log(row(micros, owner));
console.log(`\nhottest functions (self time)`);
for (const [name, micros] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top))
  if (!name.startsWith('(idle)')) console.log(row(micros, name));
