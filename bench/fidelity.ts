/**
 * Fidelity of syncbench's wire figures against the real deployment stacks (issue 15): the same
 * seeded workload through the real libraries over loopback sockets and through the simulator,
 * printed side by side per direction and layer: Yjs, Automerge, the reference engine, RxDB and
 * PouchDB.
 *
 *   npx tsx bench/fidelity.ts [gapMs] [--deflate]
 *
 * Workloads: the issue's (3 clients; ops `gapMs` apart, default 200: ~70 s per loopback run),
 * then 20 clients with 5 cut off by a partition (12 and 3 for RxDB), and with `--deflate` the
 * first again under permessage-deflate.
 */
import { automergeAdapter } from '../adapters/automerge/index.ts';
import { pouchdbAdapter } from '../adapters/pouchdb/index.ts';
import { referenceAdapter } from '../adapters/reference/index.ts';
import { rxdbAdapter } from '../adapters/rxdb/index.ts';
import { yjsAdapter } from '../adapters/yjs/index.ts';
import type { CompletedRun } from '../src/runner/result.ts';
import { runAutomergeLoopback } from './fidelity/automerge-loopback.ts';
import { runPouchdbLoopback } from './fidelity/pouchdb-loopback.ts';
import { runSimulated, simulatedFirstDraw, simulatedYjsClientId } from './fidelity/simulated.ts';
import { runReferenceLoopback } from './fidelity/reference-loopback.ts';
import { runRxdbLoopback, rxdbWorkload } from './fidelity/rxdb-loopback.ts';
import type { FidelityWorkload } from './fidelity/workload.ts';
import { ISSUE_WORKLOAD, PARTITION_WORKLOAD } from './fidelity/workload.ts';
import type { Directed } from './fidelity/directed.ts';
import { runYjsLoopback } from './fidelity/yjs-loopback.ts';
import { runLoroLoopback } from './fidelity/loro-loopback.ts';
import { runHocuspocusLoopback } from './fidelity/hocuspocus-loopback.ts';
import { hocuspocusAdapter } from '../adapters/yjs/hocuspocus.ts';
import { runShareDbLoopback } from './fidelity/sharedb-loopback.ts';
import { loroAdapter } from '../adapters/loro/index.ts';
import { sharedbAdapter } from '../adapters/sharedb/index.ts';

const gapArg = process.argv.slice(2).find((a) => /^\d+$/.test(a));
const workload = { ...ISSUE_WORKLOAD, gapMs: Number(gapArg ?? 200) };
const row = (label: string, up: number, down: number): string =>
  `${label.padEnd(44)} ${String(up).padStart(9)} ${String(down).padStart(9)} ${String(up + down).padStart(9)}`;
const ratio = (a: number, b: number): string => `${((a / b - 1) * 100).toFixed(2)} %`;

function compare(
  engine: string,
  sim: CompletedRun,
  { payload, socket, converged }: { payload: Directed; socket: Directed; converged: boolean },
): void {
  console.log(`\n${engine}`);
  console.log(`${''.padEnd(44)} ${'up'.padStart(9)} ${'down'.padStart(9)} ${'total'.padStart(9)}`);
  console.log(row('real: payload handed to ws (HTTP: bodies)', payload.up, payload.down));
  console.log(row('syncbench: payload', sim.wire.upBytes, sim.wire.downBytes));
  console.log(row('real: on the TCP sockets', socket.up, socket.down));
  console.log(row('syncbench: framed', sim.wire.framedUpBytes, sim.wire.framedDownBytes));
  console.log(row('syncbench: IP estimate', sim.wire.ipUpBytes, sim.wire.ipDownBytes));
  console.log(
    `payload ${ratio(sim.wire.upBytes, payload.up)} up, ${ratio(sim.wire.downBytes, payload.down)} down; ` +
      `framed ${ratio(sim.wire.framedUpBytes, socket.up)} up, ${ratio(sim.wire.framedDownBytes, socket.down)} down; ` +
      `converged: syncbench ${sim.converged}, real ${converged}`,
  );
}

/** Each engine's real stack over loopback against the simulator, on workload `w`. */
async function compareAll(w: FidelityWorkload): Promise<void> {
  const describe = (x: FidelityWorkload): string =>
    `${x.clients} clients, ${x.records} creates, ${x.updates} updates, ${x.words} words, ${x.gapMs} ms apart` +
    (x.partition
      ? `; the last ${x.partition.clients} cut off from op ${x.partition.fromOp} to op ${x.partition.toOp}`
      : '') +
    (x.compression && x.compression !== 'none' ? `; --compression ${x.compression}` : '');
  console.log(`\n== ${describe(w)}`);
  const ids = (x: FidelityWorkload): string[] => Array.from({ length: x.clients }, (_, i) => `c${i + 1}`);
  const yjsReal = await runYjsLoopback(
    w,
    ids(w).map((c) => simulatedYjsClientId(w.seed, c)),
  );
  compare('Yjs (y-websocket 3.1 + @y/websocket-server 0.1)', await runSimulated(yjsAdapter, w), yjsReal);
  const amReal = await runAutomergeLoopback(
    w,
    ids(w).map((c) => simulatedFirstDraw(w.seed, c)),
  );
  compare(
    'Automerge (automerge-repo 2.5 + its websocket adapters)',
    await runSimulated(automergeAdapter, w),
    amReal,
  );
  compare(
    'reference (its protocol as binary ws messages)',
    await runSimulated(referenceAdapter, w),
    await runReferenceLoopback(w),
  );
  const rx = rxdbWorkload(w);
  if (rx !== w) console.log(`\n(RxDB: ${describe(rx)})`);
  const rxReal = await runRxdbLoopback(rx);
  compare(
    'RxDB (replication-websocket plugin, client and server)',
    await runSimulated(rxdbAdapter, rx),
    rxReal,
  );
  const hocuspocusReal = await runHocuspocusLoopback(
    w,
    ids(w).map((c) => simulatedYjsClientId(w.seed, c)),
  );
  compare(
    'Yjs on Hocuspocus 3.4 (provider + Hocuspocus with its Database extension)',
    await runSimulated(hocuspocusAdapter, w),
    hocuspocusReal,
  );
  const loroReal = await runLoroLoopback(
    w,
    ids(w).map((c) => simulatedYjsClientId(w.seed, c)),
  );
  compare('Loro (loro-websocket 0.6, client and SimpleServer)', await runSimulated(loroAdapter, w), loroReal);
  compare(
    'ShareDB 7 (Connection over reconnecting-websocket + Backend)',
    await runSimulated(sharedbAdapter, w),
    await runShareDbLoopback(w),
  );
  if (w.compression !== 'deflate' || pouchdbAdapter.capabilities.compression?.includes('deflate'))
    compare(
      'PouchDB (its HTTP adapter and fetch + express-pouchdb 4.2)',
      await runSimulated(pouchdbAdapter, w),
      await runPouchdbLoopback(w),
    );
}

await compareAll(workload);
await compareAll(PARTITION_WORKLOAD);
if (process.argv.includes('--deflate')) await compareAll({ ...workload, compression: 'deflate' });
process.exit(0);
