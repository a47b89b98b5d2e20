/**
 * Fuzzes one engine: fast-check generates cases, each runs through the normal runner (twice, for
 * determinism), and the first failure is shrunk to a small counterexample. The result says how
 * many cases ran, how fast, and — for a failure — the shrunk case, its verdict, fast-check's seed
 * and path, and the size before and after shrinking.
 */
import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import type { SyncAdapter } from '../contract/contract.ts';
import type { EditIntent } from '../scenario/edit-intent.ts';
import { EDIT_KINDS, EDIT_OP_KIND } from '../scenario/edit-intent.ts';
import type { CaseLimits, FuzzCase, FuzzFault } from './fuzz-case.ts';
import { DEFAULT_MAX_DURATION_MS, FAULT_KINDS, caseArb, caseScenario, caseSize } from './fuzz-case.ts';
import type { CaseVerdict } from './judge-case.ts';
import { judgeCase } from './judge-case.ts';
import { minimiseCase } from './minimise-case.ts';

export interface FuzzOptions {
  readonly runs: number;
  readonly seed: number;
  readonly maxOps: number;
  readonly maxClients: number;
  readonly maxFaults: number;
  readonly transport: 'stream' | 'datagram';
  readonly faults?: readonly FuzzFault['kind'][];
  /** Edit kinds to generate, of those the engine takes (default: all it takes). */
  readonly edits?: readonly EditIntent['kind'][];
  readonly unreliable?: boolean;
  /** The latest a step may fall, virtual ms (default `DEFAULT_MAX_DURATION_MS`). */
  readonly maxDurationMs?: number;
  /** Stop starting new cases after this many wall-clock ms (shrinking still finishes). */
  readonly timeLimitMs?: number;
  /** fast-check's path of a failure, to re-run exactly that case. */
  readonly path?: string;
  readonly onProgress?: (p: FuzzProgress) => void;
}

export interface FuzzProgress {
  readonly engine: string;
  readonly phase: 'searching' | 'shrinking';
  readonly cases: number;
  readonly elapsedMs: number;
  /** While shrinking: shrink attempts so far and the size of the smallest failing case yet. */
  readonly shrinkAttempts?: number;
  readonly smallest?: ReturnType<typeof caseSize>;
}

export interface FuzzFailure {
  readonly verdict: Extract<CaseVerdict, { state: 'failed' }>;
  readonly shrunk: FuzzCase;
  readonly original: FuzzCase;
  readonly fastCheckSeed: number;
  readonly path: string;
  readonly shrinks: number;
}

export type EngineFuzzResult =
  | { readonly engine: string; readonly state: 'unsupported'; readonly reason: string }
  | {
      readonly engine: string;
      readonly state: 'passed' | 'failed';
      readonly cases: number;
      readonly elapsedMs: number;
      /** Wall ms spent on the search itself (until the first failure, if any; shrinking is extra). */
      readonly searchMs: number;
      readonly interrupted: boolean;
      readonly failure?: FuzzFailure;
    };

/** The edit kinds an engine can take, of `wanted`. */
function editsFor(adapter: SyncAdapter, wanted: readonly EditIntent['kind'][]): EditIntent['kind'][] {
  return wanted.filter((k) => adapter.capabilities.ops.includes(EDIT_OP_KIND[k]));
}

/** The case's scenario as JSON text, the way a replay file holds it. */
export function caseJson(c: FuzzCase, transport: FuzzOptions['transport']): string {
  return JSON.stringify(caseScenario(c, { name: 'fuzz-case', transport }));
}

export async function fuzzEngine(adapter: SyncAdapter, options: FuzzOptions): Promise<EngineFuzzResult> {
  const engine = adapter.name;
  const caps = adapter.capabilities;
  if (!caps.transports.includes(options.transport))
    return {
      engine,
      state: 'unsupported',
      reason: `${engine} does not support the ${options.transport} transport`,
    };
  const topologies = caps.topologies.filter((t) => t === 'star' || t === 'mesh');
  if (topologies.length === 0)
    return { engine, state: 'unsupported', reason: `${engine} declares neither a star nor a mesh topology` };
  const edits = editsFor(adapter, options.edits ?? EDIT_KINDS);
  if (edits.length === 0)
    return {
      engine,
      state: 'unsupported',
      reason: `${engine} takes none of the edit kinds asked for (${(options.edits ?? []).join(', ')})`,
    };
  const limits: CaseLimits = {
    maxClients: Math.min(options.maxClients, caps.maxReplicas?.count ?? Infinity),
    maxOps: options.maxOps,
    maxFaults: options.maxFaults,
    edits,
    faults: options.faults ?? FAULT_KINDS,
    unreliable: options.unreliable ?? true,
    maxDurationMs: options.maxDurationMs ?? DEFAULT_MAX_DURATION_MS,
    topologies,
    partialSync: caps.partialSync,
  };
  const started = performance.now();
  let cases = 0;
  let shrinkAttempts = 0;
  let failing: FuzzCase | undefined;
  let firstFailing: FuzzCase | undefined;
  let searchMs: number | undefined;
  const report = (): void =>
    options.onProgress?.({
      engine,
      phase: failing ? 'shrinking' : 'searching',
      cases,
      elapsedMs: performance.now() - started,
      ...(failing ? { shrinkAttempts, smallest: caseSize(failing) } : {}),
    });
  const property = fc.asyncProperty(caseArb(limits), async (c) => {
    if (failing) shrinkAttempts++;
    else cases++;
    const verdict = await judgeCase(adapter, caseJson(c, options.transport), c.seed);
    if (verdict.state === 'unsupported') throw new Error(`unsupported: ${verdict.reason}`);
    const failed = verdict.state === 'failed';
    if (failed) {
      searchMs ??= performance.now() - started;
      firstFailing ??= c;
      failing = c;
    }
    report();
    return !failed;
  });
  const details = await fc.check(property, {
    seed: options.seed,
    numRuns: options.runs,
    ...(options.path ? { path: options.path } : {}),
    ...(options.timeLimitMs
      ? { interruptAfterTimeLimit: options.timeLimitMs, markInterruptAsFailure: false }
      : {}),
  });
  const elapsedMs = performance.now() - started;
  const base = {
    engine,
    cases,
    elapsedMs,
    searchMs: searchMs ?? elapsedMs,
    interrupted: details.interrupted,
  };
  if (!details.failed || !details.counterexample) return { ...base, state: 'passed' };
  const [shrunk] = details.counterexample;
  const verdict = await judgeCase(adapter, caseJson(shrunk, options.transport), shrunk.seed);
  if (verdict.state !== 'failed') {
    const why =
      verdict.state === 'unsupported'
        ? verdict.reason
        : details.errorInstance instanceof Error
          ? details.errorInstance.message
          : 'no verdict';
    throw new Error(`fast-check reported a failure the case does not reproduce: ${why}`);
  }
  const minimal = await minimiseCase(
    adapter,
    shrunk,
    verdict,
    (c) => caseJson(c, options.transport),
    (smallest) => {
      shrinkAttempts++;
      failing = smallest;
      report();
    },
  );
  return {
    ...base,
    state: 'failed',
    failure: {
      verdict: minimal.verdict,
      shrunk: minimal.shrunk,
      original: firstFailing ?? shrunk,
      fastCheckSeed: details.seed,
      path: details.counterexamplePath ?? '',
      shrinks: details.numShrinks + minimal.kept,
    },
  };
}
