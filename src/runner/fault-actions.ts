/**
 * What a scheduled fault does to a running system, and the final heal that ends every fault.
 */
import type { Fault } from '../scenario/define-scenario.ts';
import type { Network } from '../sim/network.ts';
import type { ReplicaHost } from './replica-host.ts';

/** The parts of a run a fault acts on. */
export interface FaultTarget {
  readonly network: Network;
  readonly hosts: ReadonlyMap<string, ReplicaHost>;
  host(id: string): ReplicaHost;
}

/** Applies a scheduled fault. */
export function applyFault(run: FaultTarget, fault: Fault): void {
  const net = run.network;
  switch (fault.kind) {
    case 'partition':
      return net.partition(fault.groups);
    case 'partitionOneWay':
      return net.partitionOneWay(fault.from, fault.to);
    case 'heal':
      return net.heal();
    case 'offline':
    case 'online':
      return net.setOffline(fault.replica, fault.kind === 'offline');
    case 'crash':
      return run.host(fault.replica).crash();
    case 'restart':
      return run.host(fault.replica).restart();
    case 'degrade':
      return net.degrade(fault.from, fault.to, fault.profile);
  }
}

/** Ends every fault: heal partitions, bring everyone online, restart crashed replicas; returns who may have changed. */
export function healAll(run: FaultTarget): string[] {
  run.network.heal();
  for (const host of run.hosts.values()) {
    run.network.setOffline(host.id, false);
    if (!host.alive) host.restart();
  }
  return [...run.hosts.keys()];
}
