/**
 * What one keystroke costs Automerge as the document grows: replays the first N keystrokes of
 * the automerge-paper trace on one document, syncing each to a second document with Automerge's
 * sync protocol until quiet (as the adapter does), and prints the wall time per 5,000 keystrokes
 * split into change, saveIncremental, generateSyncMessage and receiveSyncMessage.
 *
 *   npm run bench:automerge-trace-cost [-- 20000 [path/to/trace.json.gz]]
 */
import * as A from '@automerge/automerge';
import { performance } from 'node:perf_hooks';
import { readEditingTrace } from '../src/scenario/traces/editing-trace.ts';

const keystrokes = Number(process.argv[2] ?? 20_000);
const trace = readEditingTrace(process.argv[3] ?? '../shared/data/editing-traces/automerge-paper.json.gz');
type Doc = { t: string };
let a = A.change(A.init<Doc>({ actor: 'aa'.repeat(16) }), { time: 0 }, (d) => {
  d.t = '';
});
let b = A.load<Doc>(A.save(a), { actor: 'bb'.repeat(16) });
let sa = A.initSyncState();
let sb = A.initSyncState();
const spent = { change: 0, saveIncremental: 0, generateSyncMessage: 0, receiveSyncMessage: 0 };
const timed = <T>(part: keyof typeof spent, fn: () => T): T => {
  const t0 = performance.now();
  try {
    return fn();
  } finally {
    spent[part] += performance.now() - t0;
  }
};
let receives = 0;
console.log('keystrokes   ms/5k  change  saveInc  generate  receive  receive ms/call  text chars');
for (let i = 0; i < Math.min(keystrokes, trace.txns.length); i++) {
  for (const [pos, del, ins] of trace.txns[i]?.patches ?? [])
    a = timed('change', () =>
      A.change(a, { time: Math.floor(i / 10) }, (d) => A.splice(d, ['t'], pos, del, ins)),
    );
  timed('saveIncremental', () => A.saveIncremental(a));
  for (;;) {
    const [na, toB] = timed('generateSyncMessage', () => A.generateSyncMessage(a, sa));
    sa = na;
    if (toB) [b, sb] = timed('receiveSyncMessage', () => A.receiveSyncMessage(b, sb, toB));
    const [nb, toA] = timed('generateSyncMessage', () => A.generateSyncMessage(b, sb));
    sb = nb;
    if (toA) [a, sa] = timed('receiveSyncMessage', () => A.receiveSyncMessage(a, sa, toA));
    receives += (toB ? 1 : 0) + (toA ? 1 : 0);
    if (!toB && !toA) break;
  }
  if ((i + 1) % 5_000 === 0) {
    const total = Object.values(spent).reduce((x, y) => x + y, 0);
    const r = (n: number): string => String(Math.round(n)).padStart(7);
    console.log(
      `${String(i + 1).padStart(10)} ${r(total)} ${r(spent.change)} ${r(spent.saveIncremental)} ${r(spent.generateSyncMessage)} ${r(spent.receiveSyncMessage)} ${(spent.receiveSyncMessage / receives).toFixed(2).padStart(16)} ${String(b.t.length).padStart(11)}`,
    );
    for (const k of Object.keys(spent) as (keyof typeof spent)[]) spent[k] = 0;
    receives = 0;
  }
}
