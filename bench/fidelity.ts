/**
 * Fidelity of syncbench's wire figures against the real deployment stacks (issue 15): the same
 * seeded workload through the real libraries over loopback sockets and through the simulator,
 * printed side by side per direction and layer. Yjs so far.
 *
 *   npx tsx bench/fidelity.ts [gapMs]
 */
import { yjsAdapter } from '../adapters/yjs/index.ts';
import { runSimulated, simulatedYjsClientId } from './fidelity/simulated.ts';
import { ISSUE_WORKLOAD } from './fidelity/workload.ts';
import { runYjsLoopback } from './fidelity/yjs-loopback.ts';

const workload = { ...ISSUE_WORKLOAD, gapMs: Number(process.argv[2] ?? ISSUE_WORKLOAD.gapMs) };
const sim = await runSimulated(yjsAdapter, workload);
const ids = Array.from({ length: workload.clients }, (_, i) =>
  simulatedYjsClientId(workload.seed, `c${i + 1}`),
);
const real = await runYjsLoopback(workload, ids);
const sync = (d: 'up' | 'down'): number =>
  ['sync-step1', 'sync-step2', 'sync-update'].reduce((n, t) => n + (real.payloadByType[t]?.[d] ?? 0), 0);
const row = (label: string, up: number, down: number): string =>
  `${label.padEnd(44)} ${String(up).padStart(9)} ${String(down).padStart(9)} ${String(up + down).padStart(9)}`;
const ratio = (a: number, b: number): string => `${((a / b - 1) * 100).toFixed(2)} %`;
console.log(
  `Yjs, ${workload.clients} clients, ${workload.records} creates, ${workload.updates} updates, ${workload.words} words, ${workload.gapMs} ms apart`,
);
console.log(`${''.padEnd(44)} ${'up'.padStart(9)} ${'down'.padStart(9)} ${'total'.padStart(9)}`);
console.log(row('real: sync messages handed to ws', sync('up'), sync('down')));
console.log(row('real: of those, updates echoed to their sender', 0, real.echo.bytes));
console.log(
  row(
    'real: awareness messages',
    real.payloadByType.awareness?.up ?? 0,
    real.payloadByType.awareness?.down ?? 0,
  ),
);
console.log(row('real: all payload', real.payload.up, real.payload.down));
console.log(row('syncbench: payload', sim.wire.upBytes, sim.wire.downBytes));
console.log(row('real: on the TCP sockets', real.socket.up, real.socket.down));
console.log(row('syncbench: framed', sim.wire.framedUpBytes, sim.wire.framedDownBytes));
console.log(row('syncbench: IP estimate', sim.wire.ipUpBytes, sim.wire.ipDownBytes));
console.log(
  `payload ${ratio(sim.wire.bytes, real.payload.up + real.payload.down)}, framed ${ratio(sim.wire.framedBytes, real.socket.up + real.socket.down)}; converged: syncbench ${sim.converged}, real ${real.converged}`,
);
