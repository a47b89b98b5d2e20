/**
 * Scenario authoring: a scenario is a name, a description of what it measures, and a `plan`
 * function that, for a scale and a seeded random source, lays out the topology, network and the
 * timeline of steps. `defineScenario` checks the declaration; `validatePlan` checks what `plan`
 * returns, naming the scenario and the path of anything wrong.
 */
import type {
  Capabilities,
  Compression,
  Op,
  SchemaDefinition,
  Subscription,
  Topology,
  Transport,
} from '../contract/contract.ts';
import { COMPRESSIONS } from '../contract/contract.ts';
import { isOneOf, kindsOf } from '../contract/kinds.ts';
import { OP_KINDS } from '../contract/ops.ts';
import { UsageError } from '../errors.ts';
import type { LinkProfile } from '../sim/link-profile.ts';
import { validateProfile } from '../sim/link-profile.ts';
import type { RandomStream } from '../sim/prng.ts';
import type { EditingTrace } from './traces/editing-trace.ts';
import type { WorkloadOpKind, WorkloadSpec } from './workloads/collaborative.ts';
import type { EditIntent } from './edit-intent.ts';
import { EDIT_KINDS } from './edit-intent.ts';

/**
 * How long (virtual ms) the replicas must stay equal, with every connection up, before a run is
 * judged, unless a plan sets `quietWindowMs`: a state that holds only until a reconnect timer
 * fires is not the end state. Reconnect backoffs of the libraries here top out at 5 s
 * (automerge-repo's retry interval, the simulator's own).
 */
export const QUIET_WINDOW_MS = 10_000;

/** A scenario's kebab-case name, as `syncbench run` and results know it. */
export type ScenarioName = string & { readonly __brand: 'ScenarioName' };
/** How big a run is: `ci` (the whole matrix in about a minute), `default`, or `large`. */
export type Scale = 'ci' | 'default' | 'large';
/** Every scale, smallest first. */
export const SCALES: readonly Scale[] = ['ci', 'default', 'large'];

/** A fault the timeline can schedule. */
export type Fault =
  | { readonly kind: 'partition'; readonly groups: readonly (readonly string[])[] }
  | { readonly kind: 'partitionOneWay'; readonly from: readonly string[]; readonly to: readonly string[] }
  | { readonly kind: 'heal' }
  | { readonly kind: 'offline' | 'online' | 'crash' | 'restart'; readonly replica: string }
  | { readonly kind: 'degrade'; readonly from: string; readonly to: string; readonly profile: LinkProfile };

/** Something that happens at a virtual time (ms from the start of the run). */
export type Step =
  | { readonly at: number; readonly kind: 'phase'; readonly name: string }
  | { readonly at: number; readonly kind: 'work'; readonly replica: string }
  | {
      readonly at: number;
      readonly kind: 'op';
      readonly replica: string;
      readonly op: Op;
      /** The op carries no tagged tokens (e.g. a replayed trace); the lost-insert check skips it. */
      readonly untagged?: boolean;
    }
  | { readonly at: number; readonly kind: 'fault'; readonly fault: Fault }
  | { readonly at: number; readonly kind: 'sample' }
  | {
      readonly at: number;
      /** From here, time how long `replica` takes to hold what `against` (default: the server) holds. */
      readonly kind: 'catchUp';
      readonly name: string;
      readonly replica: string;
      readonly against?: string;
    }
  | {
      readonly at: number;
      /** A local edit by intent, resolved on the replica when it happens (see `EditIntent`). */
      readonly kind: 'edit';
      readonly replica: string;
      readonly edit: EditIntent;
    }
  | {
      readonly at: number;
      /**
       * Several edits by intent at one instant, each resolved on the replica as it is before
       * any applies, then applied as one unit of work where the engine has one (`batch`).
       */
      readonly kind: 'edits';
      readonly replica: string;
      readonly edits: readonly EditIntent[];
    }
  | {
      readonly at: number;
      /** Several local ops at one instant, as one unit of work where the engine has one. */
      readonly kind: 'batch';
      readonly replica: string;
      readonly ops: readonly Op[];
    };

/** Everything a run needs, laid out for one scale. */
export interface ScenarioPlan {
  readonly topology: Topology;
  /** Clients in a star (plus one `server`), or peers in a mesh. Named c1…cN / p1…pN. */
  readonly replicas: number;
  readonly transport: Transport;
  readonly profile: LinkProfile;
  /** What the connections compress (`none` when absent); `--compression` overrides it. */
  readonly compression?: Compression;
  readonly schema: SchemaDefinition;
  /** How `work` steps pick ops; a plan made only of explicit `op` steps may leave it out. */
  readonly workload?: WorkloadSpec;
  readonly steps: readonly Step[];
  /** After the final heal, how long (virtual ms) replicas get to converge. */
  readonly settleDeadlineMs: number;
  /**
   * How long (virtual ms) the replicas must stay equal, with nothing in flight and every
   * connection up, before the run is judged (default 10 s, `QUIET_WINDOW_MS`). 0 judges at the
   * first quiet moment: only for comparisons with a real stack that stops there.
   */
  readonly quietWindowMs?: number;
  /** Clients that sync only a slice, by replica id (needs an engine with partial sync). */
  readonly subscriptions?: Readonly<Record<string, Subscription>>;
  /**
   * On an engine without partial sync: the whole run is `unsupported` (default), or the slice
   * clients sync everything and only their catch-up watches are reported `unsupported`.
   */
  readonly sliceFallback?: 'unsupported' | 'full-sync';
  /**
   * Track whether writes survive: clients write records of this collection whose ids start with
   * `<client>-`, which nobody else writes; the result says which writes survived, by the writer's
   * schema version.
   */
  readonly ownWrites?: { readonly collection: string };
  /** Text semantics the scenario needs; an engine with other semantics is `unsupported` for `reason`. */
  readonly requiresText?: {
    readonly kinds: readonly Capabilities['text'][];
    readonly reason: string;
  };
  /** Texts every replica must hold at the end (e.g. a trace's `endContent`), by document. */
  readonly expectedTexts?: Readonly<Record<string, string>>;
}

/** What a user hands a scenario besides scale and seed (e.g. `--trace FILE`). */
export interface ScenarioInputs {
  readonly trace?: EditingTrace;
}

/** A scenario as `defineScenario` returns it: what `syncbench run` loads from a module's default export. */
export interface ScenarioDefinition {
  readonly name: ScenarioName;
  /** What the scenario does and what it measures, shown by `syncbench list scenarios`. */
  readonly description: string;
  /** Inputs the scenario takes (`trace`: it replays `--trace FILE`). */
  readonly takes?: readonly (keyof ScenarioInputs)[];
  plan(scale: Scale, random: (stream: string) => RandomStream, inputs: ScenarioInputs): ScenarioPlan;
}

/** Declares a scenario; the name must be kebab-case. */
export function defineScenario(definition: {
  name: string;
  description: string;
  takes?: ScenarioDefinition['takes'];
  plan: ScenarioDefinition['plan'];
}): ScenarioDefinition {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(definition.name)) {
    throw new UsageError(`scenario name must be kebab-case, got '${definition.name}'`);
  }
  return { ...definition, name: definition.name as ScenarioName };
}

/** Every step kind a timeline may hold. */
export const STEP_KINDS = kindsOf<Step['kind']>({
  phase: true,
  work: true,
  op: true,
  edit: true,
  edits: true,
  batch: true,
  fault: true,
  sample: true,
  catchUp: true,
});
/** Every fault kind a timeline may schedule. */
export const FAULT_KINDS = kindsOf<Fault['kind']>({
  partition: true,
  partitionOneWay: true,
  heal: true,
  offline: true,
  online: true,
  crash: true,
  restart: true,
  degrade: true,
});
/** Every op kind a workload may weigh. */
export const WORKLOAD_OP_KINDS = kindsOf<WorkloadOpKind>({
  create: true,
  update: true,
  delete: true,
  textInsert: true,
  textDelete: true,
});

/** The replica ids of a plan: `server` first in a star, then c1…cN, or p1…pN in a mesh. */
export function replicaIds(plan: Pick<ScenarioPlan, 'topology' | 'replicas'>): string[] {
  const prefix = plan.topology === 'star' ? 'c' : 'p';
  const members = Array.from({ length: plan.replicas }, (_, i) => `${prefix}${i + 1}`);
  return plan.topology === 'star' ? ['server', ...members] : members;
}

/**
 * The largest plan a run takes on, checked before it starts: beyond these a run would exhaust
 * memory (a billion replicas) or run for days, which is never what a scenario file meant.
 */
export const PLAN_LIMITS = {
  replicas: 1_000,
  steps: 5_000_000,
  /** The last step's time: a year. */
  spanMs: 366 * 24 * 3_600_000,
} as const;

/** How many problems one error lists; the rest are counted. */
const PROBLEMS_LISTED = 12;

/**
 * One line for every problem found, under `where` (`scenario x`): a single problem reads
 * `where: problem`, several `where: 3 problems: a; b; c`, so a user fixes them all in one try.
 */
export function problemsMessage(where: string, problems: readonly string[]): string {
  if (problems.length === 1) return `${where}: ${problems[0]}`;
  const listed = problems.slice(0, PROBLEMS_LISTED).join('; ');
  const rest = problems.length - PROBLEMS_LISTED;
  return `${where}: ${problems.length.toLocaleString('en-US')} problems: ${listed}${rest > 0 ? `; and ${rest.toLocaleString('en-US')} more` : ''}`;
}

/** Checks a plan; one error names the scenario and every problem, each with its path in the plan. */
export function validatePlan(scenario: string, plan: ScenarioPlan): ScenarioPlan {
  const problems = planProblems(plan);
  if (problems.length > 0) throw new UsageError(problemsMessage(`scenario ${scenario}`, problems));
  return plan;
}

/** Every problem of a plan, each naming its path (`steps[3].at must be …`); empty when it is sound. */
export function planProblems(plan: ScenarioPlan): string[] {
  const problems: string[] = [];
  const problem = (message: string): void => {
    problems.push(message);
  };
  const profile = (value: LinkProfile, where: string): void => {
    try {
      validateProfile(value, where);
    } catch (error) {
      problem((error as Error).message);
    }
  };
  if (plan.topology !== 'star' && plan.topology !== 'mesh')
    problem(`topology must be 'star' or 'mesh', got ${String(plan.topology)}`);
  const countable = Number.isInteger(plan.replicas) && plan.replicas >= 1;
  if (!countable) problem(`replicas must be an integer ≥ 1, got ${String(plan.replicas)}`);
  else if (plan.replicas > PLAN_LIMITS.replicas)
    problem(
      `replicas must be at most ${PLAN_LIMITS.replicas.toLocaleString('en-US')}, got ${plan.replicas.toLocaleString('en-US')}`,
    );
  const steps: readonly Step[] = Array.isArray(plan.steps) ? plan.steps : [];
  if (!Array.isArray(plan.steps))
    problem(`steps must be a list of steps, got ${JSON.stringify(plan.steps) ?? 'nothing'}`);
  if (steps.length > PLAN_LIMITS.steps)
    problem(
      `a plan may have at most ${PLAN_LIMITS.steps.toLocaleString('en-US')} steps, got ${steps.length.toLocaleString('en-US')}`,
    );
  if (plan.transport !== 'stream' && plan.transport !== 'datagram')
    problem(`transport must be 'stream' or 'datagram', got ${String(plan.transport)}`);
  profile(plan.profile, 'network');
  if (plan.compression !== undefined && !COMPRESSIONS.includes(plan.compression))
    problem(`compression must be one of ${COMPRESSIONS.join(', ')}, got ${String(plan.compression)}`);
  if (!(plan.settleDeadlineMs > 0))
    problem(`settleDeadlineMs must be > 0, got ${String(plan.settleDeadlineMs)}`);
  if (
    plan.quietWindowMs !== undefined &&
    !(plan.quietWindowMs >= 0 && plan.quietWindowMs < plan.settleDeadlineMs)
  )
    problem(`quietWindowMs must be ≥ 0 and below settleDeadlineMs, got ${String(plan.quietWindowMs)}`);
  const collections = Array.isArray(plan.schema?.collections) ? plan.schema.collections : [];
  if (collections.length === 0) problem('schema.collections must list at least one collection');
  if (plan.workload) {
    if (collections.length > 0) problems.push(...workloadProblems(plan.workload, collections));
  } else if (steps.some((step) => step?.kind === 'work'))
    problem("workload is needed by the plan's 'work' steps");
  // Replica names are checked only against a count that makes sense: a billion ids is not a list.
  const ids = countable && plan.replicas <= PLAN_LIMITS.replicas ? new Set(replicaIds(plan)) : undefined;
  steps.forEach((step, i) => {
    const path = `steps[${i}]`;
    if (typeof step !== 'object' || step === null)
      return problem(`${path} must be a step object, got ${JSON.stringify(step)}`);
    if (!(step.at >= 0) || !Number.isFinite(step.at))
      problem(`${path}.at must be a time ≥ 0 in ms, got ${String(step.at)}`);
    else if (step.at > PLAN_LIMITS.spanMs)
      problem(`${path}.at must be within a year of the start, got ${String(step.at)} ms`);
    if (!STEP_KINDS.includes(step.kind))
      return problem(`${path}.kind must be one of ${STEP_KINDS.join(', ')}, got ${String(step.kind)}`);
    if (step.kind === 'fault' && !FAULT_KINDS.includes(step.fault?.kind))
      return problem(
        `${path}.fault.kind must be one of ${FAULT_KINDS.join(', ')}, got ${String(step.fault?.kind)}`,
      );
    if (step.kind === 'op' && !OP_KINDS.includes(step.op?.kind))
      problem(`${path}.op.kind must be one of ${OP_KINDS.join(', ')}, got ${String(step.op?.kind)}`);
    if (step.kind === 'edit' && !EDIT_KINDS.includes(step.edit?.kind))
      problem(`${path}.edit.kind must be one of ${EDIT_KINDS.join(', ')}, got ${String(step.edit?.kind)}`);
    if (step.kind === 'edits') {
      const edits: readonly EditIntent[] | undefined = Array.isArray(step.edits) ? step.edits : undefined;
      if (!edits)
        problem(`${path}.edits must be a list of edits, got ${JSON.stringify(step.edits) ?? 'nothing'}`);
      edits?.forEach((e, j) => {
        // Text edits are resolved against offsets the batch's other edits would move.
        if (!['create', 'update', 'delete'].includes(e?.kind))
          problem(`${path}.edits[${j}].kind must be create, update or delete, got ${String(e?.kind)}`);
      });
    }
    if (step.kind === 'batch') {
      const ops: readonly Op[] | undefined = Array.isArray(step.ops) ? step.ops : undefined;
      if (!ops) problem(`${path}.ops must be a list of ops, got ${JSON.stringify(step.ops) ?? 'nothing'}`);
      ops?.forEach((op, j) => {
        if (!OP_KINDS.includes(op?.kind))
          problem(`${path}.ops[${j}].kind must be one of ${OP_KINDS.join(', ')}, got ${String(op?.kind)}`);
      });
    }
    if (step.kind === 'catchUp' && (typeof step.name !== 'string' || step.name === ''))
      problem(`${path}.name must name the catch-up, got ${JSON.stringify(step.name) ?? 'nothing'}`);
    if (ids)
      for (const id of replicasOf(step))
        if (!ids.has(id))
          problem(`${path} names replica '${id}', which is not one of ${[...ids].join(', ')}`);
    if (step.kind === 'fault' && step.fault.kind === 'degrade')
      profile(step.fault.profile, `${path}.fault.profile`);
  });
  for (const [id, subscription] of Object.entries(plan.subscriptions ?? {})) {
    const path = `subscriptions.${id}`;
    if (ids && (!ids.has(id) || id === 'server'))
      problem(`${path}: '${id}' is not a client (${[...ids].filter((i) => i !== 'server').join(', ')})`);
    if (collections.length > 0 && !collections.includes(subscription.collection))
      problem(
        `${path}.collection must be one of ${collections.join(', ')}, got ${String(subscription.collection)}`,
      );
  }
  return problems;
}

function workloadProblems(workload: WorkloadSpec, collections: readonly string[]): string[] {
  const problems: string[] = [];
  if (!collections.includes(workload.collection))
    problems.push(
      `workload.collection must be one of the schema's collections (${collections.join(', ')}), got ${String(workload.collection)}`,
    );
  for (const [kind, weight] of Object.entries(workload.weights ?? {})) {
    if (!isOneOf(WORKLOAD_OP_KINDS, kind) || typeof weight !== 'number' || !(weight >= 0))
      problems.push(
        `workload.weights.${kind} must be a weight ≥ 0 for one of ${WORKLOAD_OP_KINDS.join(', ')}, got ${String(weight)}`,
      );
  }
  return problems;
}

function replicasOf(step: Step): string[] {
  if (
    step.kind === 'work' ||
    step.kind === 'op' ||
    step.kind === 'edit' ||
    step.kind === 'edits' ||
    step.kind === 'batch'
  )
    return [step.replica];
  if (step.kind === 'catchUp') return step.against ? [step.replica, step.against] : [step.replica];
  if (step.kind !== 'fault') return [];
  const f = step.fault;
  switch (f.kind) {
    case 'partition':
      return f.groups.flat();
    case 'partitionOneWay':
      return [...f.from, ...f.to];
    case 'heal':
      return [];
    case 'degrade':
      return [f.from, f.to];
    default:
      return [f.replica];
  }
}
