/**
 * Small scenarios for the conformance suite: a few clients edit records and a shared text
 * while one fault happens, then everything heals.
 */
import type { Op, SchemaDefinition, Topology, Transport } from '../contract/contract.ts';
import type { Fault, ScenarioDefinition, ScenarioPlan, Step } from '../scenario/define-scenario.ts';
import type { WorkloadSpec } from '../scenario/workloads/collaborative.ts';
import { defineScenario, replicaIds } from '../scenario/define-scenario.ts';
import type { LinkProfile } from '../sim/link-profile.ts';
import { PROFILES } from '../sim/link-profile.ts';

export interface FixtureOptions {
  readonly name: string;
  readonly topology?: Topology;
  readonly transport?: Transport;
  readonly replicas?: number;
  readonly profile?: Partial<LinkProfile>;
  /** Faults at given times (ms); work runs from 0 to 10 s. */
  readonly faults?: readonly { readonly at: number; readonly fault: Fault }[];
  readonly opsPerReplica?: number;
  readonly upgradeSchema?: boolean;
  readonly weights?: WorkloadSpec['weights'];
  readonly subscriptions?: ScenarioPlan['subscriptions'];
  /** Schema migrations (the upgrade op goes to version 2). */
  readonly migrations?: SchemaDefinition['migrations'];
  /** A batch of this many creates (then an update of each, and one of a record that does not exist) by c1 at 1 s. */
  readonly batchOf?: number;
}

/** `count` creates, an update of each, and an update of a missing record (which must be rejected). */
function batchOps(count: number): Op[] {
  const ids = Array.from({ length: count }, (_, i) => `batch-${i + 1}`);
  return [
    ...ids.map((id, i): Op => ({
      kind: 'create',
      collection: 'items',
      id,
      fields: { title: id, priority: i % 5 },
    })),
    ...ids.map((id): Op => ({ kind: 'update', collection: 'items', id, fields: { status: 'imported' } })),
    { kind: 'update', collection: 'items', id: 'never-created', fields: { status: 'x' } },
  ];
}

export function fixture(options: FixtureOptions): ScenarioDefinition {
  return defineScenario({
    name: options.name,
    description: `conformance fixture ${options.name}`,
    plan: (_scale, random) => {
      const topology = options.topology ?? 'star';
      const replicas = options.replicas ?? 3;
      const editors = replicaIds({ topology, replicas }).filter((id) => id !== 'server');
      const timing = random('work');
      const steps: Step[] = [{ at: 0, kind: 'phase', name: 'work' }];
      for (const replica of editors) {
        for (let i = 0; i < (options.opsPerReplica ?? 25); i++)
          steps.push({ at: timing.int(0, 10_000), kind: 'work', replica });
      }
      for (const f of options.faults ?? []) steps.push({ at: f.at, kind: 'fault', fault: f.fault });
      if (options.batchOf)
        steps.push({ at: 1_000, kind: 'batch', replica: editors[0] ?? 'c1', ops: batchOps(options.batchOf) });
      if (options.upgradeSchema)
        steps.push({
          at: 5_000,
          kind: 'op',
          replica: editors[0] ?? 'c1',
          op: { kind: 'upgradeSchema', version: 2 },
        });
      return {
        topology,
        replicas,
        transport: options.transport ?? 'stream',
        profile: { ...PROFILES.wifi, ...options.profile },
        schema: {
          collections: ['items'],
          texts: ['doc'],
          ...(options.migrations ? { migrations: options.migrations } : {}),
        },
        workload: {
          weights: options.weights ?? { create: 2, update: 3, delete: 1, textInsert: 3, textDelete: 1 },
          collection: 'items',
          textDoc: 'doc',
          hotPrefix: 'hot-',
        },
        steps,
        settleDeadlineMs: 120_000,
        ...(options.subscriptions ? { subscriptions: options.subscriptions } : {}),
      };
    },
  });
}
