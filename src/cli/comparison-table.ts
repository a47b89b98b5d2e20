/**
 * The table `syncbench run` prints at the end: one row per (scenario, engine) with the figures
 * people compare engines by. Plain text with aligned columns, readable in a terminal and a CI log.
 */
import type { CatchUpResult, CompletedRun, RunResult } from '../runner/result.ts';
import { unexpectedLostInserts } from '../runner/result.ts';
import { readableCount, readableDuration, significant } from '../readable.ts';
import { textTable } from '../../reports/text-table.ts';

const COLUMNS = [
  'scenario',
  'engine',
  'converged',
  'converged after',
  'ops',
  'payload B',
  'up B',
  'down B',
  'msgs',
  'framed B',
  'IP B',
  'B/op',
  'server stored B',
  'clients stored B',
  'overhead srv/cli',
  'lost (allowed)',
  'vis p99',
] as const;

const count = (n: number): string => readableCount(n);
const duration = (ms: number | null): string => (ms === null ? '–' : readableDuration(ms));

function row(run: RunResult): string[] {
  const head = [run.scenario, run.engine];
  if (run.state !== 'completed') {
    const note = run.state === 'unsupported' ? `unsupported: ${run.reason}` : `ERRORED: ${run.error}`;
    return [...head, note];
  }
  const { wire, storage } = run;
  const stored = (role: { storedBytes: number; replicas: number }): string =>
    role.replicas === 0 ? '–' : count(role.storedBytes);
  return [
    ...head,
    run.converged ? 'yes' : 'NO',
    duration(run.convergenceMs),
    count(run.opsApplied),
    count(wire.bytes),
    count(wire.upBytes + wire.peerBytes),
    count(wire.downBytes),
    count(wire.messages),
    count(wire.framedBytes),
    count(wire.ipBytes),
    significant(run.bytesPerOp),
    stored(storage.server),
    stored(storage.clients.replicas > 0 ? storage.clients : storage.peers),
    `${storage.server.metadataOverhead.toFixed(1)} / ${(storage.clients.replicas > 0 ? storage.clients : storage.peers).metadataOverhead.toFixed(1)}`,
    `${unexpectedLostInserts(run)} (${run.lostInsertsAllowed})`,
    duration(run.visibilityMs.p99Ms),
  ];
}

/** The comparison table of `runs`, then their catch-ups and checks where they have any. */
export function comparisonTable(runs: readonly RunResult[]): string {
  const completed = runs.flatMap((r) => (r.state === 'completed' ? [r] : []));
  const catchUps = completed.flatMap((r) => r.catchUps.map((c) => catchUpRow(r, c)));
  const checks = completed.flatMap((r) =>
    r.checks.map(
      (c) => `${c.passed ? 'passed' : 'FAILED'}  ${r.scenario} × ${r.engine}: ${c.name} (${c.detail})`,
    ),
  );
  return [
    textTable(COLUMNS, runs.map(row)),
    catchUps.length > 0 ? `\n${textTable(CATCH_UP_COLUMNS, catchUps, 4)}` : '',
    checks.length > 0 ? `\n${checks.join('\n')}\n` : '',
  ].join('');
}

const CATCH_UP_COLUMNS = [
  'scenario',
  'engine',
  'catch-up',
  'replica',
  'took',
  'bytes in',
  'bytes out',
  'msgs',
  'framed in',
  'stored B',
];

function catchUpRow(run: CompletedRun, c: CatchUpResult): string[] {
  const head = [run.scenario, run.engine, c.name, c.replica];
  if (c.state !== 'caught-up') return [...head, `${c.state}: ${c.reason}`];
  return [
    ...head,
    duration(c.ms),
    count(c.bytesIn),
    count(c.bytesOut),
    count(c.messages),
    count(c.framedBytesIn),
    count(c.storedBytes),
  ];
}
