/**
 * The fleet of one run: its replica ids, who links with whom (clients with the server in a star,
 * every pair in a mesh), the simulated network between them, and one `ReplicaHost` per replica.
 * It wires replicas to the network; what happens on them is the run's business.
 */
import type { ReplicaRole, Subscription, SyncAdapter } from '../contract/contract.ts';
import type { ScenarioPlan } from '../scenario/define-scenario.ts';
import { replicaIds } from '../scenario/define-scenario.ts';
import type { Journal } from '../sim/journal.ts';
import { Network } from '../sim/network.ts';
import type { Simulation } from '../sim/simulation.ts';
import type { Stopwatch } from '../timing/stopwatch.ts';
import type { FaultTarget } from './fault-actions.ts';
import type { HostOptions } from './replica-host.ts';
import { ReplicaHost } from './replica-host.ts';

export interface FleetOptions {
  readonly plan: ScenarioPlan;
  readonly adapter: SyncAdapter;
  readonly seed: number;
  readonly sim: Simulation;
  readonly journal: Journal;
  readonly stopwatch: Stopwatch;
  /** The slice each partially syncing client is given. */
  readonly subscriptions: Readonly<Record<string, Subscription>>;
  readonly afterReceive: HostOptions['afterReceive'];
  readonly log: HostOptions['log'];
}

export class Fleet implements FaultTarget {
  readonly ids: readonly string[];
  readonly network: Network;
  readonly hosts = new Map<string, ReplicaHost>();
  readonly roles = new Map<string, ReplicaRole>();
  /** The replica others must match: the server in a star, the first peer in a mesh. */
  readonly referenceId: string;

  constructor(o: FleetOptions) {
    const { plan } = o;
    const star = plan.topology === 'star';
    this.ids = replicaIds(plan);
    this.referenceId = this.ids[0] ?? 'server';
    const pairs: [string, string][] = [];
    for (const [i, a] of this.ids.entries()) {
      for (const b of this.ids.slice(i + 1)) if (!star || a === 'server') pairs.push([b, a]);
    }
    this.network = new Network({
      sim: o.sim,
      seed: o.seed,
      transport: plan.transport,
      pairs,
      profile: plan.profile,
      journal: o.journal,
      linksFollowReach: o.adapter.capabilities.framing === 'socket',
    });
    for (const id of this.ids) {
      const role: ReplicaRole = star ? (id === 'server' ? 'server' : 'client') : 'peer';
      const peers = pairs.filter((p) => p.includes(id)).map(([a, b]) => (a === id ? b : a));
      this.roles.set(id, role);
      this.hosts.set(
        id,
        new ReplicaHost({
          id,
          role,
          peers,
          topology: plan.topology,
          compression: plan.compression ?? 'none',
          adapter: o.adapter,
          schema: plan.schema,
          subscription: o.subscriptions[id],
          seed: o.seed,
          sim: o.sim,
          network: this.network,
          stopwatch: o.stopwatch,
          afterReceive: o.afterReceive,
          log: o.log,
        }),
      );
    }
  }

  host(id: string): ReplicaHost {
    const host = this.hosts.get(id);
    if (!host) throw new Error(`no replica ${id}`);
    return host;
  }

  /** Opens every replica, then the network (connections come up). */
  start(): void {
    for (const host of this.hosts.values()) host.start();
    this.network.start();
  }
}
