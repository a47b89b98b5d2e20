/**
 * Turns the end state of a run into the figures of a completed result: convergence and where
 * replicas differ, lost inserts, wire traffic, stored and payload bytes and their ratio.
 */
import type { ReplicaRole, Snapshot } from '../contract/contract.ts';
import { canonicalJson, firstDifference, utf8Length } from '../contract/canonical.ts';
import { allowedLoss } from './insert-tracker.ts';
import type { CheckResult, CompletedRun, Divergence, ReplicaMetrics, RoleStorage } from './result.ts';
import type { RunContext } from './run-context.ts';
import type { SettleOutcome } from './settle.ts';
import { faultPeriods } from './fault-periods.ts';
import { wireMetrics } from './wire-metrics.ts';

type Measured = Omit<
  CompletedRun,
  'scenario' | 'engine' | 'seed' | 'scale' | 'replay' | 'state' | 'libraryVersion' | 'digest'
>;

/** Rounds a ratio to 4 decimals so results stay readable. */
function ratio(a: number, b: number): number {
  return b === 0 ? 0 : Math.round((a / b) * 10_000) / 10_000;
}

export function measure(run: RunContext, outcome: SettleOutcome): Measured {
  const snapshots = new Map([...run.fleet.hosts].map(([id, host]) => [id, host.current.snapshot()]));
  const refId = run.fleet.referenceId;
  const reference = snapshots.get(refId);
  if (!reference) throw new Error(`reference replica ${refId} has no snapshot`);
  const divergences: Divergence[] = [];
  const replicas: ReplicaMetrics[] = [];
  // Each state's canonical text once: a replica's own view is often its snapshot, and replicas
  // that see the reference the same way share its text.
  const expectedByView = new Map<string, string>();
  for (const [id, snapshot] of snapshots) {
    const json = canonicalJson(snapshot);
    const view = run.view(id, snapshot);
    const viewJson = view === snapshot ? json : canonicalJson(view);
    const key = run.viewKey(id, refId);
    let expectedJson = expectedByView.get(key);
    if (expectedJson === undefined) {
      expectedJson = canonicalJson(run.view(id, reference, refId));
      expectedByView.set(key, expectedJson);
    }
    if (viewJson !== expectedJson)
      divergences.push({
        replica: id,
        firstDifferingPath: firstDifference(view, run.view(id, reference, refId)) ?? '(root)',
      });
    const host = run.fleet.host(id);
    const stored = run.stopwatch.engine(() => host.current.storedBytes());
    const payloadBytes = utf8Length(json);
    replicas.push({
      id,
      role: host.role,
      storedBytes: stored.bytes,
      storedEncodingsBytes: stored.encodings ?? {},
      payloadBytes,
      metadataOverhead: ratio(stored.bytes, payloadBytes),
    });
  }
  const byRole = (role: ReplicaRole): RoleStorage => {
    const of = replicas.filter((r) => r.role === role);
    const storedBytes = of.reduce((n, r) => n + r.storedBytes, 0);
    const payloadBytes = of.reduce((n, r) => n + r.payloadBytes, 0);
    return {
      replicas: of.length,
      storedBytes,
      payloadBytes,
      metadataOverhead: ratio(storedBytes, payloadBytes),
    };
  };
  const lost = run.tracker.lost(reference);
  const wire = wireMetrics(run.journal.entries, run.fleet.roles, run.journal.phases, {
    framing: run.adapter.capabilities.framing ?? 'messages',
    transport: run.plan.transport,
  });
  const counters: Record<string, number> = {};
  for (const host of run.fleet.hosts.values()) {
    for (const [name, n] of Object.entries(host.counters())) counters[name] = (counters[name] ?? 0) + n;
  }
  return {
    topology: run.plan.topology,
    transport: run.plan.transport,
    compression: run.plan.compression ?? 'none',
    converged: outcome.converged && divergences.length === 0,
    convergenceMs: outcome.convergenceMs,
    ...(outcome.notSettled !== undefined ? { notSettled: outcome.notSettled } : {}),
    divergences,
    lostInserts: lost.length,
    lostInsertsAllowed: lost.filter((l) => allowedLoss(run.adapter.capabilities, l)).length,
    lostInsertExamples: lost.slice(0, 10).map((l) => l.key),
    // The checker judges records as the newest schema version names them.
    history: run.history.verdict(run.view(refId, reference)),
    opsApplied: run.localOps.applied,
    opsSkipped: run.localOps.skipped,
    opsByKind: run.localOps.appliedByKind,
    wire,
    bytesPerOp: ratio(wire.bytes, run.localOps.applied),
    messagesPerOp: ratio(wire.messages, run.localOps.applied),
    replicas,
    storage: { clients: byRole('client'), server: byRole('server'), peers: byRole('peer') },
    visibilityMs: run.probes.summary(),
    series: run.series,
    errors: run.errors,
    faults: faultPeriods(
      run.plan.steps,
      run.plan.steps.reduce((end, s) => Math.max(end, s.at), 0),
    ),
    catchUps: run.catchUps.results(),
    ...(run.ownWrites ? { ownWrites: ownWritesSeenByNewest(run, snapshots) } : {}),
    checks: expectedTextChecks(run.plan.expectedTexts ?? {}, snapshots),
    rejectedOps: run.localOps.rejected,
    rejections: run.localOps.rejections,
    rollbacks: counters.rollbacks ?? 0,
    engineCounters: Object.fromEntries(Object.entries(counters).sort(([a], [b]) => a.localeCompare(b))),
    endMs: outcome.endMs,
  };
}

/** One check per expected text: every replica's text of that document equals it exactly. */
function expectedTextChecks(
  expected: Readonly<Record<string, string>>,
  snapshots: ReadonlyMap<string, Snapshot>,
): CheckResult[] {
  return Object.entries(expected).map(([doc, text]) => {
    const wrong = [...snapshots].filter(([, s]) => s.texts[doc] !== text);
    const name = `text '${doc}' equals the expected text (${text.length} chars) on every replica`;
    if (wrong.length === 0) return { name, passed: true, detail: `${snapshots.size} replicas equal` };
    const detail = wrong.map(([id, s]) => `${id}: ${describeMismatch(s.texts[doc] ?? '', text)}`).join('; ');
    return { name, passed: false, detail };
  });
}

/** Where `actual` first departs from `expected`, in a few words. */
function describeMismatch(actual: string, expected: string): string {
  let i = 0;
  while (i < actual.length && i < expected.length && actual[i] === expected[i]) i++;
  return `${actual.length} chars, first difference at offset ${i} (${JSON.stringify(actual.slice(i, i + 20))} vs ${JSON.stringify(expected.slice(i, i + 20))})`;
}

/**
 * Which own writes survive, as the newest application sees them: on the first replica at the
 * newest schema version (the server, where it keeps records at that version), or else on the
 * reference replica with its records moved up.
 */
function ownWritesSeenByNewest(run: RunContext, snapshots: ReadonlyMap<string, Snapshot>) {
  const judge =
    [...run.fleet.hosts.keys()].find((id) => run.snapshotVersion(id) === run.latestVersion) ??
    run.fleet.referenceId;
  const snapshot = snapshots.get(judge);
  if (!run.ownWrites || !snapshot) throw new Error(`no snapshot of ${judge} to judge own writes on`);
  return { judgedOn: judge, ...run.ownWrites.result(run.view(judge, snapshot)) };
}
