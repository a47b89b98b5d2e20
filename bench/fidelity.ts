/**
 * Fidelity of syncbench's wire figures against the real deployment stacks (issue 15): the same
 * seeded workload through the real libraries over loopback sockets and through the simulator,
 * printed side by side per direction and layer. Yjs, Automerge and RxDB so far.
 *
 *   npx tsx bench/fidelity.ts [gapMs]      (default 200: the issue's workload, ~70 s per loopback run)
 */
import { automergeAdapter } from '../adapters/automerge/index.ts';
import { rxdbAdapter } from '../adapters/rxdb/index.ts';
import { yjsAdapter } from '../adapters/yjs/index.ts';
import type { CompletedRun } from '../src/runner/result.ts';
import { runAutomergeLoopback } from './fidelity/automerge-loopback.ts';
import { runSimulated, simulatedFirstDraw, simulatedYjsClientId } from './fidelity/simulated.ts';
import { runRxdbLoopback } from './fidelity/rxdb-loopback.ts';
import { ISSUE_WORKLOAD, fidelityOps } from './fidelity/workload.ts';
import type { Directed } from './fidelity/yjs-loopback.ts';
import { runYjsLoopback } from './fidelity/yjs-loopback.ts';

const workload = { ...ISSUE_WORKLOAD, gapMs: Number(process.argv[2] ?? 200) };
const clients = Array.from({ length: workload.clients }, (_, i) => `c${i + 1}`);
const row = (label: string, up: number, down: number): string =>
  `${label.padEnd(44)} ${String(up).padStart(9)} ${String(down).padStart(9)} ${String(up + down).padStart(9)}`;
const ratio = (a: number, b: number): string => `${((a / b - 1) * 100).toFixed(2)} %`;

function compare(
  engine: string,
  sim: CompletedRun,
  payload: Directed,
  socket: Directed,
  converged: boolean,
): void {
  console.log(`\n${engine}`);
  console.log(`${''.padEnd(44)} ${'up'.padStart(9)} ${'down'.padStart(9)} ${'total'.padStart(9)}`);
  console.log(row('real: payload handed to ws', payload.up, payload.down));
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

console.log(
  `${workload.clients} clients, ${workload.records} creates, ${workload.updates} updates, ${workload.words} words, ${workload.gapMs} ms apart`,
);
const yjsSim = await runSimulated(yjsAdapter, workload);
const yjsReal = await runYjsLoopback(
  workload,
  clients.map((c) => simulatedYjsClientId(workload.seed, c)),
);
compare(
  'Yjs (y-websocket 3.1 + @y/websocket-server 0.1)',
  yjsSim,
  yjsReal.payload,
  yjsReal.socket,
  yjsReal.converged,
);
const amSim = await runSimulated(automergeAdapter, workload);
const amReal = await runAutomergeLoopback(
  workload,
  clients.map((c) => simulatedFirstDraw(workload.seed, c)),
);
compare(
  'Automerge (automerge-repo 2.5 + its websocket adapters)',
  amSim,
  amReal.payload,
  amReal.socket,
  amReal.converged,
);
const rxSim = await runSimulated(rxdbAdapter, workload);
const rxReal = await runRxdbLoopback(workload.clients, fidelityOps(workload));
compare(
  'RxDB (replication-websocket plugin, client and server)',
  rxSim,
  rxReal.payload,
  rxReal.socket,
  rxReal.converged,
);
process.exit(0);
