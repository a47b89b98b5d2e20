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
import { PLAN_LIMITS, SCALES, defineScenario, replicaIds } from './define-scenario.ts';
import { ms } from './duration.ts';
import { bursts } from './timeline.ts';
import { didYouMean } from './did-you-mean.ts';

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
  'subscriptions',
  'sliceFallback',
  'compression',
] as const;
/** `fuzz`: where a fuzz case came from (engine, seeds, the property it broke); the plan ignores it. */
const ROOT_KEYS = ['name', 'description', 'scales', 'fuzz', ...PLAN_KEYS];
const BURSTS_KEYS = ['kind', 'from', 'to', 'replicas', 'perClient', 'opsPerBurst', 'gap'];

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Parses and checks a JSON scenario; `label` names it in errors. */
export function scenarioFromJson(label: string, text: string): ScenarioDefinition {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`scenario file ${label}: not valid JSON (${(error as Error).message})`);
  }
  const fail = (path: string, expected: string, got: unknown): never => {
    throw new UsageError(`scenario file ${label}: ${path} must be ${expected}, got ${JSON.stringify(got)}`);
  };
  if (!isObject(data)) return fail('the file', 'an object', data);
  const root = data;
  // Every key that means nothing here, all at once: a misspelt key would be silently ignored.
  const unknown: string[] = [];
  const known = (path: string, object: Json, keys: readonly string[]): void => {
    for (const key of Object.keys(object))
      if (!keys.includes(key)) unknown.push(`${path}${key}${didYouMean(key, keys)}`);
  };
  known('', root, ROOT_KEYS);
  if (isObject(root.scales))
    for (const [scale, override] of Object.entries(root.scales)) {
      if (!(SCALES as readonly string[]).includes(scale))
        unknown.push(`scales.${scale}${didYouMean(scale, SCALES)}`);
      else if (isObject(override)) known(`scales.${scale}.`, override, PLAN_KEYS);
    }
  if (Array.isArray(root.steps))
    root.steps.forEach((step: unknown, i) => {
      if (isObject(step) && step.kind === 'bursts') known(`steps[${i}].`, step, BURSTS_KEYS);
    });
  if (unknown.length > 0)
    throw new UsageError(
      `scenario file ${label}: unknown key${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')}; a scenario file has ${ROOT_KEYS.join(', ')}`,
    );
  if (typeof root.name !== 'string') fail('name', 'a kebab-case string', root.name);
  if (root.scales !== undefined && !isObject(root.scales))
    fail('scales', 'an object of overrides by scale', root.scales);
  const duration = (path: string, value: unknown): number => {
    try {
      return ms(value as string | number);
    } catch (error) {
      throw new UsageError(`scenario file ${label}: ${path}: ${(error as Error).message}`);
    }
  };
  return defineScenario({
    name: root.name as string,
    description: typeof root.description === 'string' ? root.description : `scenario from ${label}`,
    plan(scale: Scale, random): ScenarioPlan {
      const scales = (root.scales ?? {}) as Json;
      const override = scales[scale];
      const source: Json = isObject(override) ? { ...root, ...override } : root;
      const named = (name: string): LinkProfile => {
        try {
          return profileByName(name);
        } catch (error) {
          throw new UsageError(`scenario file ${label}: profile: ${(error as Error).message}`);
        }
      };
      const profile: LinkProfile =
        typeof source.profile === 'string'
          ? named(source.profile)
          : isObject(source.profile)
            ? (source.profile as unknown as LinkProfile)
            : fail('profile', 'a profile name or a profile object', source.profile);
      const out: Step[] = [];
      const plan = {
        topology: source.topology,
        replicas: source.replicas,
        transport: source.transport ?? 'stream',
        profile,
        schema: source.schema,
        workload: source.workload,
        steps: out,
        settleDeadlineMs: duration('settleDeadline', source.settleDeadline ?? '2m'),
        ...(isObject(source.subscriptions) ? { subscriptions: source.subscriptions } : {}),
        ...(source.sliceFallback !== undefined ? { sliceFallback: source.sliceFallback } : {}),
        ...(source.compression !== undefined ? { compression: source.compression } : {}),
      } as unknown as ScenarioPlan;
      // Checked before the ids are listed: a billion replicas would exhaust memory listing them.
      if (typeof plan.replicas === 'number' && plan.replicas > PLAN_LIMITS.replicas)
        fail(
          isObject(override) && override.replicas !== undefined ? `scales.${scale}.replicas` : 'replicas',
          `at most ${PLAN_LIMITS.replicas.toLocaleString('en-US')}`,
          plan.replicas,
        );
      const clients = replicaIds(plan).filter((id) => id !== 'server');
      const steps = Array.isArray(source.steps)
        ? source.steps
        : fail('steps', 'a list of steps', source.steps);
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
          out.push(
            ...bursts(replicas as string[], random(`bursts-${i}`), {
              fromMs: duration(`${path}.from`, raw.from ?? 0),
              toMs: duration(`${path}.to`, raw.to),
              burstsPerClient: perClient,
              opsPerBurst: typeof raw.opsPerBurst === 'number' ? raw.opsPerBurst : 4,
              gapMs: duration(`${path}.gap`, raw.gap ?? '200ms'),
            }),
          );
          return;
        }
        out.push({ ...raw, at: duration(`${path}.at`, raw.at) } as unknown as Step);
      });
      return plan;
    },
  });
}
