/**
 * Runs one scenario on one engine for one seed and scale: checks the engine can run it, plays
 * the timeline in virtual time, heals every fault, settles, and measures. A run that throws
 * becomes an `errored` result; one the engine cannot run becomes `unsupported`.
 */
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Compression, OpKind, SyncAdapter } from '../contract/contract.ts';
import type { Scale, ScenarioDefinition, ScenarioInputs, ScenarioPlan } from '../scenario/define-scenario.ts';
import { validatePlan } from '../scenario/define-scenario.ts';
import { EDIT_OP_KIND } from '../scenario/edit-intent.ts';
import { randomStream } from '../sim/prng.ts';
import type { LinkProfile } from '../sim/link-profile.ts';
import type { Stopwatch } from '../timing/stopwatch.ts';
import { HeapPeak } from '../timing/heap-peak.ts';
import { createStopwatch } from '../timing/stopwatch.ts';
import { measure } from './measure.ts';
import type { RunResult, RunTiming } from './result.ts';
import { RunContext } from './run-context.ts';
import { QUIET_WINDOW_MS, driveUntil, settle } from './settle.ts';
import { enterAsyncEngineScope } from './async-engine-scope.ts';
import type { SettledRun } from './live-system.ts';
import { settledView } from './live-system.ts';

export interface RunRequest {
  readonly scenario: ScenarioDefinition;
  readonly adapter: SyncAdapter;
  readonly seed: number;
  readonly scale: Scale;
  /** The command that replays this run, recorded in the result. */
  readonly replay: string;
  readonly stopwatch?: Stopwatch;
  /** Where the scenario came from, for error messages (a built-in name or a file path). */
  readonly source?: string;
  /** Replaces the scenario's default link profile (`--profile`). */
  readonly profile?: LinkProfile;
  /** Replaces the scenario's compression (`--compression`). */
  readonly compression?: Compression;
  /** What the user handed the scenario (`--trace`). */
  readonly inputs?: ScenarioInputs;
  /** Called now and then with the virtual time reached and the virtual time the timeline ends. */
  readonly onProgress?: (virtualMs: number, timelineEndMs: number) => void;
  /** Called once the run has settled, before it is measured: a look at the live run (the fuzzer checks the journal). */
  readonly onSettled?: (run: SettledRun) => void;
}

export interface RunOutcome {
  readonly result: RunResult;
  readonly timing: RunTiming;
}

/**
 * The validated plan a request runs. Throws a `UsageError` naming the scenario (or its file)
 * and the path of what is wrong; the CLI calls it up front so a bad scenario fails before any run.
 */
export function planFor(
  request: Pick<RunRequest, 'scenario' | 'seed' | 'scale' | 'profile' | 'compression' | 'source' | 'inputs'>,
): ScenarioPlan {
  const { scenario, seed, scale, profile, compression } = request;
  const planned = scenario.plan(
    scale,
    (name) => randomStream(seed, `scenario:${name}`),
    request.inputs ?? {},
  );
  return validatePlan(request.source ?? scenario.name, {
    ...planned,
    ...(profile ? { profile } : {}),
    ...(compression ? { compression } : {}),
  });
}

/** Runs one (scenario, engine, seed, scale). Never throws for engine failures. */
export async function runScenario(request: RunRequest): Promise<RunOutcome> {
  const { scenario, adapter, seed, scale, replay } = request;
  const stopwatch = request.stopwatch ?? createStopwatch();
  const identity = { scenario: scenario.name, engine: adapter.name, seed, scale, replay };
  const heap = new HeapPeak();
  let started = false;
  const timing = (): RunTiming => {
    const wallMs = stopwatch.elapsedMs();
    return {
      scenario: scenario.name,
      engine: adapter.name,
      wallMs,
      engineMs: stopwatch.engineMs(),
      harnessMs: wallMs - stopwatch.engineMs(),
      peakHeapBytes: started ? heap.peakBytes() : null,
      peakRssBytes: started ? heap.peakRssBytes() : null,
    };
  };
  const plan = planFor(request);
  const missing = unsupportedBy(adapter, plan);
  if (missing) return { result: { ...identity, state: 'unsupported', reason: missing }, timing: timing() };
  const run = new RunContext(plan, adapter, seed, stopwatch, heap);
  started = true;
  const leaveVirtualRuntime = adapter.capabilities.async
    ? enterAsyncEngineScope(run, seed, stopwatch, adapter.capabilities.needsFreshProcess !== undefined)
    : () => {};
  const restoreListenerLimit = roomForReplicaListeners(plan.replicas);
  try {
    run.start();
    await run.settleEngines(); // async engines finish opening before the first event
    run.schedule(plan.steps);
    const endOfTimeline = plan.steps.reduce((end, step) => Math.max(end, step.at), 0);
    await driveUntil(run, endOfTimeline, (t) => request.onProgress?.(t, endOfTimeline));
    run.sim.advanceTo(endOfTimeline);
    run.journal.enterPhase('settle');
    run.healAll();
    const healMs = run.sim.now();
    const outcome = await settle(
      run,
      healMs,
      healMs + plan.settleDeadlineMs,
      plan.quietWindowMs ?? QUIET_WINDOW_MS,
    );
    request.onSettled?.(settledView(run));
    const measured = measure(run, outcome);
    await run.closeAll();
    const body = { ...identity, state: 'completed' as const, libraryVersion: adapter.version, ...measured };
    return { result: { ...body, digest: digestOf(body) }, timing: timing() };
  } catch (error) {
    await run.closeAll().catch(() => {}); // the run already failed; what closing says adds nothing
    const err = error instanceof Error ? error : new Error(String(error));
    return {
      result: { ...identity, state: 'errored', error: err.message, stack: err.stack ?? '' },
      timing: timing(),
    };
  } finally {
    leaveVirtualRuntime();
    restoreListenerLimit();
  }
}

/**
 * Real stacks add process-wide listeners per client (a y-websocket provider listens for the
 * process's `exit`; PouchDB's changes notifier holds one listener per live changes feed, so a
 * server with 16 clients holds 16), as each would in its own browser tab or process; with every
 * client of a run in one process, more than 10 of them would trip Node's leak warning (at
 * `--scale large` it was 5,432 of a log's 6,109 lines). The limits rise with the run's replicas
 * while it lasts: the process's own and the default of emitters that set none.
 */
function roomForReplicaListeners(replicas: number): () => void {
  const room = 10 + 2 * (replicas + 1);
  const before = process.getMaxListeners();
  const defaultBefore = EventEmitter.defaultMaxListeners;
  process.setMaxListeners(Math.max(before, room));
  EventEmitter.defaultMaxListeners = Math.max(defaultBefore, room);
  return () => {
    process.setMaxListeners(before);
    EventEmitter.defaultMaxListeners = defaultBefore;
  };
}

/** Why `adapter` cannot run `plan`, or undefined when it can. */

function unsupportedBy(adapter: SyncAdapter, plan: ScenarioPlan): string | undefined {
  const caps = adapter.capabilities;
  if (!caps.topologies.includes(plan.topology))
    return `${adapter.name} does not support the ${plan.topology} topology`;
  if (!caps.transports.includes(plan.transport))
    return `${adapter.name} does not support the ${plan.transport} transport`;
  const compression = plan.compression ?? 'none';
  if (!(caps.compression ?? ['none']).includes(compression))
    return `${adapter.name} cannot run with --compression ${compression}: ${caps.compressionReason ?? 'its stack here does not compress'}`;
  if (caps.maxReplicas && plan.replicas > caps.maxReplicas.count)
    return `${adapter.name} runs at most ${caps.maxReplicas.count} ${plan.topology === 'star' ? 'clients' : 'peers'} (the scenario has ${plan.replicas}): ${caps.maxReplicas.reason}`;
  if (plan.requiresText && !plan.requiresText.kinds.includes(caps.text))
    return `${adapter.name} keeps text as '${caps.text}': ${plan.requiresText.reason}`;
  const slices = Object.keys(plan.subscriptions ?? {}).length > 0;
  if (slices && !caps.partialSync && plan.sliceFallback !== 'full-sync')
    return `${adapter.name} does not support partial sync (the scenario has clients that sync a slice)`;
  const needed = new Set<OpKind>();
  for (const [kind, weight] of Object.entries(plan.workload?.weights ?? {}))
    if (weight > 0) needed.add(kind as OpKind);
  for (const step of plan.steps) {
    if (step.kind === 'op') needed.add(step.op.kind);
    if (step.kind === 'edit') needed.add(EDIT_OP_KIND[step.edit.kind]);
    if (step.kind === 'edits') for (const e of step.edits) needed.add(EDIT_OP_KIND[e.kind]);
    if (step.kind === 'batch') for (const op of step.ops) needed.add(op.kind);
  }
  const lacking = [...needed].filter((k) => !caps.ops.includes(k));
  if (lacking.length > 0) return `${adapter.name} does not support op kinds: ${lacking.join(', ')}`;
  return undefined;
}

/** SHA-256 of a result's canonical JSON. */
function digestOf(body: object): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}
