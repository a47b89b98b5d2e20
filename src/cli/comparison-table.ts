/**
 * The table `syncbench run` prints at the end: one row per (scenario, engine) with the figures
 * people compare engines by. Plain text with aligned columns, readable in a terminal and a CI log.
 */
import type { RunResult } from '../runner/result.ts';
import { unexpectedLostInserts } from '../runner/result.ts';

const COLUMNS = [
  'scenario',
  'engine',
  'converged',
  'conv ms',
  'ops',
  'wire B',
  'up B',
  'down B',
  'msgs',
  'B/op',
  'server stored B',
  'clients stored B',
  'overhead srv/cli',
  'lost (allowed)',
  'vis p99 ms',
] as const;

const round = (n: number | null): string => (n === null ? '–' : String(Math.round(n)));

function row(run: RunResult): string[] {
  const head = [run.scenario, run.engine];
  if (run.state !== 'completed') {
    const note = run.state === 'unsupported' ? `unsupported: ${run.reason}` : `ERRORED: ${run.error}`;
    return [...head, note];
  }
  const { wire, storage } = run;
  const stored = (role: { storedBytes: number; replicas: number }): string =>
    role.replicas === 0 ? '–' : String(role.storedBytes);
  return [
    ...head,
    run.converged ? 'yes' : 'NO',
    round(run.convergenceMs),
    String(run.opsApplied),
    String(wire.bytes),
    String(wire.upBytes + wire.peerBytes),
    String(wire.downBytes),
    String(wire.messages),
    round(run.bytesPerOp),
    stored(storage.server),
    stored(storage.clients.replicas > 0 ? storage.clients : storage.peers),
    `${storage.server.metadataOverhead.toFixed(1)} / ${(storage.clients.replicas > 0 ? storage.clients : storage.peers).metadataOverhead.toFixed(1)}`,
    `${unexpectedLostInserts(run)} (${run.lostInsertsAllowed})`,
    round(run.visibilityMs.p99Ms),
  ];
}

/** The comparison table of `runs`, ending with a newline. */
export function comparisonTable(runs: readonly RunResult[]): string {
  const rows = [COLUMNS.slice(), ...runs.map(row)];
  const widths = COLUMNS.map((_, i) =>
    Math.max(...rows.map((r) => (r.length === 3 && i >= 2 ? 0 : (r[i]?.length ?? 0)))),
  );
  const lines = rows.map((r) =>
    r.length === 3
      ? `${r[0]?.padEnd(widths[0] ?? 0)}  ${r[1]?.padEnd(widths[1] ?? 0)}  ${r[2]}`
      : r.map((cell, i) => (i < 2 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  '),
  );
  return `${lines.join('\n')}\n`;
}
