/**
 * `syncbench/scenario`: everything a scenario author writes against. `defineScenario` and the plan
 * and step types, durations (`ms('3w')`), the timeline helpers the built-in scenarios are made of
 * (`bursts`, `hotRecords`, `samples`, `lastEdit`), edit intents, and the network profiles
 * (`PROFILES`, named as in Linux `tc netem`).
 *
 * @packageDocumentation
 */
export type {
  Fault,
  Scale,
  ScenarioDefinition,
  ScenarioInputs,
  ScenarioName,
  ScenarioPlan,
  Step,
} from './define-scenario.ts';
export {
  defineScenario,
  FAULT_KINDS,
  replicaIds,
  SCALES,
  STEP_KINDS,
  validatePlan,
} from './define-scenario.ts';
export { ms } from './duration.ts';
export type { EditIntent } from './edit-intent.ts';
export { EDIT_KINDS } from './edit-intent.ts';
export type { BurstOptions } from './timeline.ts';
export { bursts, hotRecords, lastEdit, samples } from './timeline.ts';
export type { WorkloadOpKind, WorkloadSpec } from './workloads/collaborative.ts';
export type { EditingTrace, TracePatch, TraceTxn } from './traces/editing-trace.ts';
export type { LatencyDistribution, LinkProfile, ProfileName } from '../sim/link-profile.ts';
export { LATENCY_DISTRIBUTIONS, PROFILE_NAMES, PROFILES } from '../sim/link-profile.ts';
export type { RandomStream } from '../sim/prng.ts';
export type {
  Capabilities,
  Fields,
  FieldValue,
  Op,
  SchemaDefinition,
  SchemaLens,
  SchemaMigration,
  Subscription,
  Topology,
  Transport,
} from '../contract/contract.ts';
export { lensMigration } from '../contract/schema-lens.ts';
