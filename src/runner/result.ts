/**
 * What one run produces: a discriminated union on `state`. Every number carries its unit in its
 * name. Wall-clock figures are not here: they go to the results file's `timing` section so that
 * everything in a run result is exact for a seed.
 */
import type { Compression, ReplicaRole, Topology, Transport } from '../contract/contract.ts';
import type { Scale } from '../scenario/define-scenario.ts';
import type { KnownFindingMatch } from '../../adapters/known-findings.ts';
import type { HistoryVerdict } from './history.ts';

interface RunIdentity {
  readonly scenario: string;
  readonly engine: string;
  readonly seed: number;
  readonly scale: Scale;
  /** The exact command that replays this run. */
  readonly replay: string;
}

/** Wire traffic totals. `up` is client→server, `down` server→client, `peer` mesh traffic. */
/**
 * Bytes at three layers. `bytes` and `messages` (and their `up`/`down`/`peer` splits) are the
 * library's payload: what it hands its transport, before framing and compression. `framed*` is
 * what the socket carries (WebSocket frames, HTTP heads and chunks, handshakes, pings; after
 * compression); for engines without a socket stack it equals the payload. `ip*` estimates the IP
 * network's bytes: TLS 1.3 records and TCP/IPv4 segments, acknowledgements and connection set-up
 * (the model is in `src/sim/ip-model.ts`). `up` is client→server, `down` server→client, `peer`
 * between mesh peers.
 */
export interface WireTotals {
  readonly bytes: number;
  readonly messages: number;
  readonly upBytes: number;
  readonly upMessages: number;
  readonly downBytes: number;
  readonly downMessages: number;
  readonly peerBytes: number;
  readonly peerMessages: number;
  readonly framedBytes: number;
  /** Socket writes (or bare messages). */
  readonly framedMessages: number;
  readonly framedUpBytes: number;
  readonly framedDownBytes: number;
  readonly framedPeerBytes: number;
  readonly ipBytes: number;
  readonly ipPackets: number;
  readonly ipUpBytes: number;
  readonly ipDownBytes: number;
  readonly ipPeerBytes: number;
}

export interface WireMetrics extends WireTotals {
  readonly droppedMessages: number;
  readonly duplicatedMessages: number;
  readonly connects: number;
  readonly disconnects: number;
  /** Totals per timeline phase, in the order the phases happened. */
  readonly phases: readonly ({ readonly phase: string } & WireTotals)[];
}

export interface ReplicaMetrics {
  readonly id: string;
  readonly role: ReplicaRole;
  readonly storedBytes: number;
  /** The same state in the engine's other encodings, when it has them (e.g. Yjs v1/v2). */
  readonly storedEncodingsBytes: Readonly<Record<string, number>>;
  readonly payloadBytes: number;
  readonly metadataOverhead: number;
}

/** Aggregate of one role: sums of stored and payload bytes and their ratio. */
export interface RoleStorage {
  readonly replicas: number;
  readonly storedBytes: number;
  readonly payloadBytes: number;
  readonly metadataOverhead: number;
}

export interface LatencySummary {
  readonly p50Ms: number | null;
  readonly p95Ms: number | null;
  readonly p99Ms: number | null;
  readonly maxMs: number | null;
  readonly samples: number;
  /** Probes still not visible everywhere when the run ended. */
  readonly unresolved: number;
  /** Probes dropped because a later op overwrote what they watched. */
  readonly superseded: number;
  /** How precisely visibility is timed: 0 means at the exact delivery event. */
  readonly resolutionMs: number;
  /** One local op in this many gets a probe. */
  readonly sampledEvery: number;
  /** How many probes fell in each bucket: latency ≤ `upToMs` and above the previous bound (`null` for the last: unbounded). */
  readonly histogram: readonly { readonly upToMs: number | null; readonly count: number }[];
}

/** A point of the time series, taken at a `sample` step. */
export interface SeriesSample {
  readonly atMs: number;
  readonly phase: string;
  readonly wireBytes: number;
  readonly replicas: Readonly<
    Record<string, { readonly storedBytes: number; readonly payloadBytes: number }>
  >;
}

/** Where a replica differs from the reference state. */
export interface Divergence {
  readonly replica: string;
  readonly firstDifferingPath: string;
}

/** A catch-up watch: how long a replica took to hold what another held, and its traffic meanwhile. */
export type CatchUpResult =
  | {
      readonly name: string;
      readonly replica: string;
      readonly state: 'caught-up';
      /** Virtual time the watch started. */
      readonly fromMs: number;
      /** Virtual ms until the replica held it all. */
      readonly ms: number;
      /** Payload bytes sent to and by the replica meanwhile, and the number of those messages. */
      readonly bytesIn: number;
      readonly bytesOut: number;
      readonly messages: number;
      /** What the replica's sockets carried meanwhile (equals `bytesIn`/`bytesOut` without a socket stack). */
      readonly framedBytesIn: number;
      readonly framedBytesOut: number;
      /** What the replica stored at that moment. */
      readonly storedBytes: number;
    }
  | {
      readonly name: string;
      readonly replica: string;
      readonly state: 'unsupported' | 'not-reached';
      readonly reason: string;
    };

/** Whether clients' writes to their own records survived, by the schema version they wrote at. */
export interface OwnWritesResult {
  readonly collection: string;
  /** The replica whose final state decided: the first at the newest schema version. */
  readonly judgedOn?: string;
  readonly byVersion: readonly {
    readonly version: number;
    readonly writes: number;
    readonly survived: number;
  }[];
  /** A few writes that vanished, with what the final state holds instead. */
  readonly vanishedExamples: readonly string[];
}

/** A fault in force from `fromMs` to `toMs` (virtual time), from the plan. */
export interface FaultPeriod {
  readonly kind: 'partition' | 'partitionOneWay' | 'offline' | 'crash';
  readonly replicas: readonly string[];
  readonly fromMs: number;
  readonly toMs: number;
}

/** A scenario-specific check on the end state (e.g. the text equals a trace's `endContent`). */
export interface CheckResult {
  readonly name: string;
  readonly passed: boolean;
  /** What was found: which replicas failed and how, or what passed. */
  readonly detail: string;
}

export interface CompletedRun extends RunIdentity {
  readonly state: 'completed';
  readonly topology: Topology;
  readonly transport: Transport;
  /** What the connections compressed (`--compression`). */
  readonly compression: Compression;
  readonly libraryVersion: string;
  readonly converged: boolean;
  /** Virtual ms from the final heal until the last replica matched; null if it never did. */
  readonly convergenceMs: number | null;
  readonly divergences: readonly Divergence[];
  /**
   * Set when the replicas were equal at the deadline but never quiet for the settle window
   * (`QUIET_WINDOW_MS`): what was still pending. Such a run did not settle, and fails.
   */
  readonly notSettled?: string;
  /** Tagged inserts missing from the converged state. */
  readonly lostInserts: number;
  /**
   * How many of those the engine's declared semantics allow: text tokens overwritten where text
   * is one last-writer-wins value (`capabilities.text = 'lww-value'`). The rest are bugs.
   */
  readonly lostInsertsAllowed: number;
  readonly lostInsertExamples: readonly string[];
  /**
   * The history checker's verdict on the converged state (`src/runner/history.ts`): duplicates,
   * phantoms, lost updates and deletes, refused writes. Absent in results written before it.
   */
  readonly history?: HistoryVerdict;
  readonly opsApplied: number;
  /** Local ops the timeline scheduled on a replica that was crashed at the time. */
  readonly opsSkipped: number;
  readonly opsByKind: Readonly<Record<string, number>>;
  readonly wire: WireMetrics;
  readonly bytesPerOp: number;
  readonly messagesPerOp: number;
  readonly replicas: readonly ReplicaMetrics[];
  readonly storage: {
    readonly clients: RoleStorage;
    readonly server: RoleStorage;
    readonly peers: RoleStorage;
  };
  readonly visibilityMs: LatencySummary;
  readonly series: readonly SeriesSample[];
  readonly errors: readonly string[];
  /** When faults were in force (partitions, offline and crashed replicas), from the plan. */
  readonly faults: readonly FaultPeriod[];
  /** The plan's catch-up watches (bootstraps, reconnects), in the order they started. */
  readonly catchUps: readonly CatchUpResult[];
  /** Present when the plan tracks own writes (`ownWrites`): what survived, by writer version. */
  readonly ownWrites?: OwnWritesResult;
  /** The scenario's own checks; any that did not pass fails the run. */
  readonly checks: readonly CheckResult[];
  readonly rejectedOps: number;
  readonly rejections: readonly string[];
  /** Optimistic writes the engine undid (its `rollbacks` counter; 0 for engines that never roll back). */
  readonly rollbacks: number;
  /** Every counter the engine reports, summed over replicas and incarnations. */
  readonly engineCounters: Readonly<Record<string, number>>;
  /** Virtual time when the run ended, ms. */
  readonly endMs: number;
  /** SHA-256 of this result without the digest itself: equal digests mean identical runs. */
  readonly digest: string;
  /**
   * Set by `syncbench run` when the run is a known finding (adapters/known-findings.ts): it failed
   * as the finding says, or it is the run that shows the finding and it passed. Not a figure of
   * the run, so not in its digest.
   */
  readonly knownFinding?: KnownFindingMatch;
}

export interface ErroredRun extends RunIdentity {
  readonly state: 'errored';
  readonly error: string;
  readonly stack: string;
}

export interface UnsupportedRun extends RunIdentity {
  readonly state: 'unsupported';
  readonly reason: string;
}

export type RunResult = CompletedRun | ErroredRun | UnsupportedRun;

/** Wall-clock cost of one run, kept apart from the exact figures. */
export interface RunTiming {
  readonly scenario: string;
  readonly engine: string;
  readonly wallMs: number;
  /** Time spent inside engine code (replica hooks). */
  readonly engineMs: number;
  /** Everything else: simulator, workload generation, checks, metrics. */
  readonly harnessMs: number;
  /**
   * The highest V8 heap use sampled during the run (every 256 events and at sample steps), in
   * bytes: every replica, the simulator and the harness, plus garbage not yet collected. Null for
   * runs that did not start.
   */
  readonly peakHeapBytes: number | null;
  /**
   * The highest resident set size of the process sampled at the same moments, in bytes: the heap
   * plus WebAssembly memory and buffers, and what earlier runs in the same process still hold.
   * Null for runs that did not start (absent in files before it existed).
   */
  readonly peakRssBytes?: number | null;
}

/** Inserts lost beyond what the engine's declared semantics allow: any of these fails a run. */
export function unexpectedLostInserts(run: CompletedRun): number {
  return run.lostInserts - run.lostInsertsAllowed;
}

/** Whether a run failed: it errored, did not converge, lost inserts it should have kept, or failed a check. */
/** A completed run that failed as a known finding of its engine says it would. */
export function isKnownFinding(run: RunResult): run is CompletedRun & { knownFinding: KnownFindingMatch } {
  return run.state === 'completed' && run.knownFinding?.reproduced === true;
}

/** The run that shows a known finding passed: the finding no longer reproduces. */
export function isStaleFinding(run: RunResult): run is CompletedRun & { knownFinding: KnownFindingMatch } {
  return run.state === 'completed' && run.knownFinding?.reproduced === false;
}

/** A run that failed, and is not a known finding. */
export function failedAnew(run: RunResult): boolean {
  return runFailed(run) && !isKnownFinding(run);
}

export function runFailed(run: RunResult): boolean {
  if (run.state === 'errored') return true;
  return (
    run.state === 'completed' &&
    (!run.converged ||
      run.notSettled !== undefined ||
      unexpectedLostInserts(run) > 0 ||
      (run.history?.violations ?? 0) > 0 ||
      run.checks.some((c) => !c.passed))
  );
}
