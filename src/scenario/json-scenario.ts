/**
 * Scenarios written as JSON, for users who do not want to write TypeScript. The file holds
 * the plan as data, with durations as strings (`"at": "5m"`), a network profile by name or as
 * an object, optional per-scale overrides (`"scales": { "ci": { "replicas": 2 } }`), and one
 * generator step, `bursts`, that expands into seeded bursts of workload edits:
 *
 *   { "kind": "bursts", "from": "0s", "to": "10m", "replicas": "all", "perClient": 5 }
 *
 * Every error names the file and the path inside it.
 */
import { UsageError } from '../errors.ts';
import type { LinkProfile } from '../sim/link-profile.ts';
import { profileByName } from '../sim/link-profile.ts';
import type { Scale, ScenarioDefinition, ScenarioPlan, Step } from './define-scenario.ts';
import {
  QUIET_WINDOW_MS,
  PLAN_LIMITS,
  SCALES,
  defineScenario,
  planProblems,
  problemsMessage,
  replicaIds,
} from './define-scenario.ts';
import type { RandomStream } from '../sim/prng.ts';
import { randomStream } from '../sim/prng.ts';
import { ms } from './duration.ts';
import { bursts } from './timeline.ts';
import { didYouMean } from './did-you-mean.ts';
import type { SchemaLens } from '../contract/contract.ts';
import { lensMigration } from '../contract/schema-lens.ts';

type Json = Record<string, unknown>;

/** What a scale may override: every key of the plan. */
const PLAN_KEYS = [
  'profile',
  'topology',
  'replicas',
  'transport',
  'schema',
  'workload',
  'steps',
  'settleDeadline',
  'quietWindow',
  'subscriptions',
  'sliceFallback',
  'compression',
] as const;
/** `fuzz`: where a fuzz case came from (engine, seeds, the property it broke); the plan ignores it. */
const ROOT_KEYS = ['name', 'description', 'scales', 'fuzz', ...PLAN_KEYS];
const BURSTS_KEYS = ['kind', 'from', 'to', 'replicas', 'perClient', 'opsPerBurst', 'gap'];

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Parses and checks a JSON scenario; `label` names it in errors. Every problem of the file is
 * found now, before any run, and reported in one error: unknown keys, and what each scale's plan
 * makes of the rest (the plan is laid out for every scale to find them).
 */
export function scenarioFromJson(label: string, text: string): ScenarioDefinition {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`scenario file ${label}: not valid JSON (${(error as Error).message})`);
  }
  const where = `scenario file ${label}`;
  if (!isObject(data))
    throw new UsageError(`${where}: the file must be an object, got ${JSON.stringify(data)}`);
  const root = data;
  const problems = unknownKeys(root);
  if (typeof root.name !== 'string' || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(root.name))
    problems.push(`name must be a kebab-case string, got ${JSON.stringify(root.name)}`);
  if (root.scales !== undefined && !isObject(root.scales))
    problems.push(`scales must be an object of overrides by scale, got ${JSON.stringify(root.scales)}`);
  const planned = (scale: Scale, random: (stream: string) => RandomStream, found: string[]): ScenarioPlan => {
    const { plan, origins } = planOf(root, scale, random, found);
    // The plan's steps[N] is the file's steps[i]: bursts expand into many steps.
    const inFile = (problem: string): string =>
      problem.replace(/^steps\[(\d+)\]/, (whole, n: string) => origins[Number(n)] ?? whole);
    for (const problem of planProblems(plan)) found.push(inFile(inScale(root, scale, problem)));
    return plan;
  };
  if (problems.length === 0 || isObject(root.scales) || root.scales === undefined)
    for (const scale of SCALES) {
      const found: string[] = [];
      planned(scale, (stream) => randomStream(1, `scenario:${stream}`), found);
      for (const problem of found) if (!problems.includes(problem)) problems.push(problem);
    }
  if (problems.length > 0) throw new UsageError(problemsMessage(where, problems));
  return defineScenario({
    name: root.name as string,
    description: typeof root.description === 'string' ? root.description : `scenario from ${label}`,
    plan(scale: Scale, random): ScenarioPlan {
      const found: string[] = [];
      const plan = planned(scale, random, found);
      if (found.length > 0) throw new UsageError(problemsMessage(where, found));
      return plan;
    },
  });
}

/** The plan's words for the file's keys, where they differ. */
const FILE_KEY_OF: Record<string, string> = {
  network: 'profile',
  settleDeadlineMs: 'settleDeadline',
  quietWindowMs: 'quietWindow',
};

/** A plan problem with the path of the key in the file: `scales.ci.replicas` where a scale overrides it. */
function inScale(root: Json, scale: Scale, problem: string): string {
  const key = /^[A-Za-z]+/.exec(problem)?.[0] ?? '';
  const fileKey = FILE_KEY_OF[key] ?? key;
  const override = isObject(root.scales) ? root.scales[scale] : undefined;
  if (!isObject(override) || override[fileKey] === undefined) return problem;
  return `scales.${scale}.${fileKey === key ? problem : `${fileKey} (${key})${problem.slice(key.length)}`}`;
}

/** Every key that means nothing here: a misspelt key would otherwise be silently ignored. */
function unknownKeys(root: Json): string[] {
  const unknown: string[] = [];
  const known = (path: string, object: Json, keys: readonly string[]): void => {
    for (const key of Object.keys(object))
      if (!keys.includes(key)) unknown.push(`unknown key ${path}${key}${didYouMean(key, keys)}`);
  };
  known('', root, ROOT_KEYS);
  if (isObject(root.scales))
    for (const [scale, override] of Object.entries(root.scales)) {
      if (!(SCALES as readonly string[]).includes(scale))
        unknown.push(`unknown scale scales.${scale}${didYouMean(scale, SCALES)}`);
      else if (isObject(override)) known(`scales.${scale}.`, override, PLAN_KEYS);
    }
  if (Array.isArray(root.steps))
    root.steps.forEach((step: unknown, i) => {
      if (isObject(step) && step.kind === 'bursts') known(`steps[${i}].`, step, BURSTS_KEYS);
    });
  if (unknown.length > 0) unknown[unknown.length - 1] += ` (a scenario file has ${ROOT_KEYS.join(', ')})`;
  return unknown;
}

/** The plan of one scale, with every problem met on the way pushed to `problems`. */
function planOf(
  root: Json,
  scale: Scale,
  random: (stream: string) => RandomStream,
  problems: string[],
): { plan: ScenarioPlan; origins: string[] } {
  const scales = isObject(root.scales) ? root.scales : {};
  const override = scales[scale];
  const source: Json = isObject(override) ? { ...root, ...override } : root;
  const overridden = (key: string): string =>
    isObject(override) && override[key] !== undefined ? `scales.${scale}.${key}` : key;
  const fail = (path: string, expected: string, got: unknown): undefined => {
    problems.push(`${path} must be ${expected}, got ${JSON.stringify(got)}`);
    return undefined;
  };
  const duration = (path: string, value: unknown, fallback: number): number => {
    try {
      return ms(value as string | number);
    } catch (error) {
      problems.push(`${path}: ${(error as Error).message}`);
      return fallback;
    }
  };
  const named = (name: string): LinkProfile | undefined => {
    try {
      return profileByName(name);
    } catch (error) {
      problems.push(`${overridden('profile')}: ${(error as Error).message}`);
      return undefined;
    }
  };
  const profile =
    (typeof source.profile === 'string'
      ? named(source.profile)
      : isObject(source.profile)
        ? (source.profile as unknown as LinkProfile)
        : fail(overridden('profile'), 'a profile name or a profile object', source.profile)) ??
    profileByName('lan');
  const out: Step[] = [];
  const origins: string[] = [];
  const plan = {
    topology: source.topology,
    replicas: source.replicas,
    transport: source.transport ?? 'stream',
    profile,
    schema: schemaOf(source.schema, overridden('schema'), problems),
    workload: source.workload,
    steps: out,
    settleDeadlineMs: duration(overridden('settleDeadline'), source.settleDeadline ?? '2m', 120_000),
    ...(source.quietWindow !== undefined
      ? { quietWindowMs: duration(overridden('quietWindow'), source.quietWindow, QUIET_WINDOW_MS) }
      : {}),
    ...(isObject(source.subscriptions) ? { subscriptions: source.subscriptions } : {}),
    ...(source.sliceFallback !== undefined ? { sliceFallback: source.sliceFallback } : {}),
    ...(source.compression !== undefined ? { compression: source.compression } : {}),
  } as unknown as ScenarioPlan;
  // A billion replicas would exhaust memory listing their ids; planProblems names the limit.
  const listable = typeof plan.replicas !== 'number' || plan.replicas <= PLAN_LIMITS.replicas;
  const clients = listable ? replicaIds(plan).filter((id) => id !== 'server') : [];
  const steps: unknown[] = Array.isArray(source.steps)
    ? source.steps
    : (fail(overridden('steps'), 'a list of steps', source.steps) ?? []);
  steps.forEach((raw: unknown, i: number) => {
    const path = `steps[${i}]`;
    if (!isObject(raw)) return fail(path, 'a step object', raw);
    if (raw.kind === 'bursts') {
      const replicas = raw.replicas === 'all' || raw.replicas === undefined ? clients : raw.replicas;
      if (!Array.isArray(replicas))
        return fail(`${path}.replicas`, "'all' or a list of client ids", raw.replicas);
      const perClient = raw.perClient;
      if (typeof perClient !== 'number' || perClient < 0)
        return fail(`${path}.perClient`, 'a number of bursts ≥ 0', perClient);
      const expanded = bursts(replicas as string[], random(`bursts-${i}`), {
        fromMs: duration(`${path}.from`, raw.from ?? 0, 0),
        toMs: duration(`${path}.to`, raw.to, 0),
        burstsPerClient: perClient,
        opsPerBurst: typeof raw.opsPerBurst === 'number' ? raw.opsPerBurst : 4,
        gapMs: duration(`${path}.gap`, raw.gap ?? '200ms', 200),
      });
      out.push(...expanded);
      origins.push(...expanded.map(() => `${path} (bursts)`));
      return;
    }
    out.push({ ...raw, at: duration(`${path}.at`, raw.at, 0) } as unknown as Step);
    origins.push(path);
  });
  return { plan, origins };
}

const MIGRATION_KEYS = ['version', 'lens'];
const LENS_KEYS: Record<SchemaLens['kind'], readonly string[]> = {
  addField: ['kind', 'collection', 'field', 'value'],
  renameField: ['kind', 'collection', 'from', 'to'],
};

/**
 * The plan's schema: the file's, with `migrations` given as data (`{ "version": 2, "lens":
 * [{ "kind": "renameField", "from": "title", "to": "name" }] }`, one lens or a list applied in
 * order) turned into lens migrations every engine can apply.
 */
function schemaOf(schema: unknown, path: string, problems: string[]): unknown {
  if (!isObject(schema) || schema.migrations === undefined) return schema;
  const where = `${path}.migrations`;
  if (!Array.isArray(schema.migrations)) {
    problems.push(`${where} must be a list of { version, lens }, got ${JSON.stringify(schema.migrations)}`);
    return schema;
  }
  let previous = typeof schema.version === 'number' ? schema.version : 1;
  const migrations = schema.migrations.flatMap((raw: unknown, i) => {
    const at = `${where}[${i}]`;
    if (!isObject(raw)) {
      problems.push(`${at} must be { version, lens }, got ${JSON.stringify(raw)}`);
      return [];
    }
    for (const key of Object.keys(raw))
      if (!MIGRATION_KEYS.includes(key))
        problems.push(`unknown key ${at}.${key}${didYouMean(key, MIGRATION_KEYS)}`);
    const { version } = raw;
    if (typeof version !== 'number' || !Number.isInteger(version) || version <= previous)
      problems.push(`${at}.version must be a whole number above ${previous}, got ${JSON.stringify(version)}`);
    else previous = version;
    const lenses = (Array.isArray(raw.lens) ? raw.lens : [raw.lens]).flatMap((lens: unknown, j) =>
      lensOf(lens, Array.isArray(raw.lens) ? `${at}.lens[${j}]` : `${at}.lens`, problems),
    );
    if (Array.isArray(raw.lens) && raw.lens.length === 0)
      problems.push(`${at}.lens must list at least one lens`);
    return typeof version === 'number' && lenses.length > 0 ? [lensMigration(version, ...lenses)] : [];
  });
  return { ...schema, migrations };
}

function lensOf(lens: unknown, at: string, problems: string[]): SchemaLens[] {
  const kinds = Object.keys(LENS_KEYS);
  if (!isObject(lens) || typeof lens.kind !== 'string' || !kinds.includes(lens.kind)) {
    problems.push(
      `${at} must be a lens of kind ${kinds.join(' or ')}, got ${JSON.stringify(lens) ?? 'nothing'}`,
    );
    return [];
  }
  const keys = LENS_KEYS[lens.kind as SchemaLens['kind']];
  for (const key of Object.keys(lens))
    if (!keys.includes(key)) problems.push(`unknown key ${at}.${key}${didYouMean(key, keys)}`);
  const before = problems.length;
  const text = (key: string, optional = false): void => {
    if (optional && lens[key] === undefined) return;
    if (typeof lens[key] !== 'string' || lens[key] === '')
      problems.push(`${at}.${key} must be a non-empty string, got ${JSON.stringify(lens[key]) ?? 'nothing'}`);
  };
  text('collection', true);
  if (lens.kind === 'addField') {
    text('field');
    const value = lens.value;
    if (!(value === null || ['string', 'number', 'boolean'].includes(typeof value)))
      problems.push(
        `${at}.value must be a string, number, boolean or null, got ${JSON.stringify(value) ?? 'nothing'}`,
      );
  } else {
    text('from');
    text('to');
  }
  return problems.length === before ? [lens as unknown as SchemaLens] : [];
}
