/**
 * Hosts one replica id across its incarnations: builds its context (send, virtual clock, seeded
 * stream, virtual timers, durable storage), attaches it to the network, times its hooks as engine
 * time, and on crash throws away everything but the durable storage.
 */
import type {
  CloseReason,
  Compression,
  DurableStorage,
  Replica,
  ReplicaContext,
  ReplicaId,
  ReplicaRole,
  SchemaDefinition,
  Subscription,
  SyncAdapter,
  Timers,
  Topology,
} from '../contract/contract.ts';
import type { Endpoint, Network } from '../sim/network.ts';
import type { RandomStream } from '../sim/prng.ts';
import { randomStream } from '../sim/prng.ts';
import type { Cancel, Simulation } from '../sim/simulation.ts';
import type { Stopwatch } from '../timing/stopwatch.ts';

/** The seeded stream a replica incarnation gets as `ctx.random` (its first draws are its ids). */
export function replicaRandom(seed: number, id: string, incarnation: number): RandomStream {
  return randomStream(seed, `replica:${id}#${incarnation}`);
}

/** A durable medium held by the harness, so it outlives the replica object. */
export function memoryStorage(): DurableStorage & { bytes(): number } {
  const map = new Map<string, Uint8Array>();
  return {
    get: (key) => map.get(key),
    set: (key, value) => void map.set(key, value),
    delete: (key) => void map.delete(key),
    keys: () => [...map.keys()],
    bytes: () => [...map.values()].reduce((n, v) => n + v.byteLength, 0),
  };
}

export interface HostOptions {
  readonly id: string;
  readonly role: ReplicaRole;
  readonly peers: readonly string[];
  readonly topology: Topology;
  readonly compression: Compression;
  readonly adapter: SyncAdapter;
  readonly schema: SchemaDefinition;
  readonly subscription: Subscription | undefined;
  readonly seed: number;
  readonly sim: Simulation;
  readonly network: Network;
  readonly stopwatch: Stopwatch;
  /** Called after every delivery to this replica, so visibility probes can look. */
  readonly afterReceive: (id: string) => void;
  readonly log: (message: string, level: 'info' | 'error') => void;
}

/** One replica id and its current incarnation. */
export class ReplicaHost {
  readonly storage = memoryStorage();
  private replica: Replica | undefined;
  private incarnation = -1;
  /** The replica's timers still to fire (a fired one leaves, so weeks of retries do not pile up). */
  private readonly timers = new Set<Cancel>();
  /** Counters of incarnations that have crashed, kept so a restart does not lose them. */
  private readonly pastCounters: Record<string, number> = {};

  constructor(private readonly o: HostOptions) {}

  get id(): string {
    return this.o.id;
  }

  get role(): ReplicaRole {
    return this.o.role;
  }

  /** The running replica; throws if it is crashed. */
  get current(): Replica {
    if (!this.replica) throw new Error(`replica ${this.o.id} is crashed`);
    return this.replica;
  }

  get alive(): boolean {
    return this.replica !== undefined;
  }

  /** Creates the first incarnation and attaches it to the network. */
  start(): void {
    this.o.network.attach(this.o.id, this.spawn());
  }

  /** Engine counters summed over every incarnation so far. */
  counters(): Record<string, number> {
    const total = { ...this.pastCounters };
    for (const [name, n] of Object.entries(this.replica?.counters?.() ?? {}))
      total[name] = (total[name] ?? 0) + n;
    return total;
  }

  /** Loses everything in memory; durable storage survives. */
  crash(): void {
    for (const [name, n] of Object.entries(this.replica?.counters?.() ?? {})) {
      this.pastCounters[name] = (this.pastCounters[name] ?? 0) + n;
    }
    this.o.network.crash(this.o.id);
    // A crash waits for nothing; the harness drains whatever closing started.
    this.close('crash').catch((error: unknown) =>
      this.o.log(`closing after the crash failed: ${String(error)}`, 'error'),
    );
  }

  /** Starts a new incarnation from durable storage. */
  restart(): void {
    if (this.replica) return;
    const endpoint = this.spawn();
    this.o.network.restart(this.o.id, endpoint);
  }

  /** Stops the replica; resolves when an async engine has finished closing. */
  async close(reason: CloseReason): Promise<void> {
    this.stopTimers();
    const replica = this.replica;
    this.replica = undefined;
    if (replica) await this.o.stopwatch.engine(() => replica.close(reason));
  }

  private spawn(): Endpoint {
    const o = this.o;
    this.incarnation++;
    const ctx: ReplicaContext = {
      id: o.id as ReplicaId,
      role: o.role,
      peers: o.peers as ReplicaId[],
      topology: o.topology,
      transport: o.network.transport,
      compression: o.compression,
      schema: o.schema,
      ...(o.subscription ? { subscription: o.subscription } : {}),
      incarnation: this.incarnation,
      send: (to, bytes, connection) => o.stopwatch.harness(() => o.network.send(o.id, to, bytes, connection)),
      payloadSent: (to, bytes) => o.network.payload(o.id, to, bytes),
      now: () => o.sim.now(),
      random: replicaRandom(o.seed, o.id, this.incarnation),
      timers: this.timerApi(),
      storage: this.storage,
      log: (message, level = 'info') => o.log(`[${o.id}] ${message}`, level),
    };
    const replica = o.stopwatch.engine(() => o.adapter.createReplica(ctx));
    this.replica = replica;
    return {
      receive: (from, bytes, connection) => {
        o.stopwatch.engine(() => replica.receive(from as ReplicaId, bytes, connection));
        o.afterReceive(o.id);
      },
      connected: (peer) => o.stopwatch.engine(() => replica.connected(peer as ReplicaId)),
      disconnected: (peer) => o.stopwatch.engine(() => replica.disconnected(peer as ReplicaId)),
    };
  }

  private timerApi(): Timers {
    const { sim, stopwatch } = this.o;
    const track = (cancel: Cancel): Cancel => {
      this.timers.add(cancel);
      return cancel;
    };
    return {
      after: (delayMs, fire) => {
        const cancel = track(
          sim.after(delayMs, () => {
            this.timers.delete(cancel);
            stopwatch.engine(fire);
          }),
        );
        return cancel;
      },
      every: (periodMs, fire) => {
        let cancel: Cancel = () => {};
        const tick = (): void => {
          cancel = sim.after(periodMs, () => {
            tick();
            stopwatch.engine(fire);
          });
        };
        tick();
        return track(() => cancel());
      },
    };
  }

  private stopTimers(): void {
    for (const cancel of this.timers) cancel();
    this.timers.clear();
  }
}
