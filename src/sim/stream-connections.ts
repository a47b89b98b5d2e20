/**
 * Stream connections (WebSocket/TCP). While a connection is up it is reliable and FIFO; a reset
 * (per-message probability) or any fault that cuts either direction ends it: what is in flight is
 * dropped and journaled, both ends get `disconnected`, and the initiator retries with exponential
 * backoff and jitter in virtual time. A connection attempt takes one round trip; it fails (and is
 * retried) while the path is cut.
 */
import type { Journal, DropReason } from './journal.ts';
import type { Links } from './links.ts';
import { sampleLatency } from './latency.ts';
import type { Reachability } from './faults.ts';
import type { Endpoint } from './endpoint.ts';
import { randomStream } from './prng.ts';
import type { RandomStream } from './prng.ts';
import type { Cancel, Simulation } from './simulation.ts';

interface InFlight {
  readonly msg: number;
  readonly from: string;
  readonly to: string;
  readonly bytes: number;
}

interface Connection {
  readonly initiator: string;
  readonly acceptor: string;
  state: 'down' | 'connecting' | 'up';
  /** Bumped whenever the connection goes down, so stale events know to do nothing. */
  generation: number;
  failures: number;
  retry: Cancel | undefined;
  readonly inFlight: Set<InFlight>;
  readonly backoff: RandomStream;
}

export interface StreamOptions {
  readonly sim: Simulation;
  readonly seed: number;
  readonly links: Links;
  readonly reach: Reachability;
  readonly journal: Journal;
  readonly endpoint: (id: string) => Endpoint | undefined;
  readonly pairs: readonly (readonly [string, string])[];
  readonly reconnect: { readonly baseMs: number; readonly maxMs: number };
  /**
   * The link is the network path (see `NetworkOptions.linksFollowReach`): a connection that goes
   * down reconnects at once while its path is open, and when its path is back.
   */
  readonly followReach: boolean;
}

/** The stream connections of one network, keyed by unordered pair. */
export class StreamConnections {
  private readonly connections = new Map<string, Connection>();

  constructor(private readonly o: StreamOptions) {
    for (const [initiator, acceptor] of o.pairs) {
      this.connections.set(pairKey(initiator, acceptor), {
        initiator,
        acceptor,
        state: 'down',
        generation: 0,
        failures: 0,
        retry: undefined,
        inFlight: new Set(),
        backoff: randomStream(o.seed, `backoff:${initiator}>${acceptor}`),
      });
    }
  }

  inFlight(): number {
    let n = 0;
    for (const c of this.connections.values()) n += c.inFlight.size;
    return n;
  }

  start(): void {
    for (const c of this.connections.values()) this.attempt(c);
  }

  send(msg: number, from: string, to: string, bytes: Uint8Array, connection: number): void {
    const { sim, journal, links } = this.o;
    const size = bytes.byteLength;
    const c = this.connections.get(pairKey(from, to));
    if (c === undefined || c.state !== 'up') {
      journal.record(sim.now(), 'drop', from, to, size, msg, 'not-connected');
      return;
    }
    const link = links.get(from, to);
    if (link.random.chance(link.profile.reset)) {
      journal.record(sim.now(), 'drop', from, to, size, msg, 'reset');
      this.down(c, 'reset');
      return;
    }
    const arrival = links.streamArrival(link, sim.now(), size);
    const flight: InFlight = { msg, from, to, bytes: size };
    c.inFlight.add(flight);
    const generation = c.generation;
    sim.at(arrival, () => {
      if (c.generation !== generation) return; // dropped and journaled when the connection went down
      c.inFlight.delete(flight);
      journal.record(sim.now(), 'deliver', from, to, size, msg);
      this.o.endpoint(to)?.receive(from, bytes, connection);
    });
  }

  /** Ends every connection that a fault has just cut. */
  breakBlocked(): void {
    for (const c of this.connections.values()) {
      if (c.state === 'down') continue;
      const reason = this.o.reach.blockedEitherWay(c.initiator, c.acceptor);
      if (reason) this.down(c, reason);
    }
  }

  /** A fault ended: with `followReach`, every down connection whose path is open again connects now. */
  pathsBack(): void {
    if (!this.o.followReach) return;
    for (const c of this.connections.values()) {
      if (c.state !== 'down' || this.o.reach.isCrashed(c.acceptor)) continue;
      if (this.o.reach.blockedEitherWay(c.initiator, c.acceptor)) continue;
      c.retry?.();
      c.failures = 0;
      this.attempt(c);
    }
  }

  /** A crashed replica is back: connections it initiates are retried at once. */
  restart(id: string): void {
    for (const c of this.connections.values()) {
      if (c.initiator !== id || c.state !== 'down') continue;
      c.retry?.();
      c.failures = 0;
      this.attempt(c);
    }
  }

  private attempt(c: Connection): void {
    const { sim, links, reach, journal } = this.o;
    c.retry = undefined;
    if (reach.isCrashed(c.initiator)) return; // it reconnects when it restarts
    c.state = 'connecting';
    const generation = ++c.generation;
    const there = links.get(c.initiator, c.acceptor);
    const back = links.get(c.acceptor, c.initiator);
    const roundTrip = sampleLatency(there.profile, there.random) + sampleLatency(back.profile, back.random);
    sim.after(roundTrip, () => {
      if (c.generation !== generation) return;
      if (reach.blockedEitherWay(c.initiator, c.acceptor)) {
        c.state = 'down';
        this.scheduleRetry(c);
        return;
      }
      c.state = 'up';
      c.failures = 0;
      // Messages sent on the new connection start a fresh FIFO order.
      there.lastArrival = sim.now();
      back.lastArrival = sim.now();
      journal.record(sim.now(), 'connect', c.initiator, c.acceptor, 0);
      this.o.endpoint(c.acceptor)?.connected(c.initiator);
      if (c.generation === generation) this.o.endpoint(c.initiator)?.connected(c.acceptor);
    });
  }

  private down(c: Connection, reason: DropReason): void {
    const { sim, journal } = this.o;
    const wasUp = c.state === 'up';
    c.state = 'down';
    c.generation++;
    for (const f of c.inFlight) journal.record(sim.now(), 'drop', f.from, f.to, f.bytes, f.msg, reason);
    c.inFlight.clear();
    if (wasUp) {
      journal.record(sim.now(), 'disconnect', c.initiator, c.acceptor, 0, -1, reason);
      this.o.endpoint(c.acceptor)?.disconnected(c.initiator);
      this.o.endpoint(c.initiator)?.disconnected(c.acceptor);
    }
    if (c.retry === undefined) this.scheduleRetry(c);
  }

  private scheduleRetry(c: Connection): void {
    if (this.o.reach.isCrashed(c.initiator)) return;
    if (this.o.followReach) {
      // The link is the path: back at once after a reset, and when the path is (`pathsBack`).
      if (!this.o.reach.blockedEitherWay(c.initiator, c.acceptor))
        c.retry = this.o.sim.after(0, () => this.attempt(c));
      return;
    }
    const { baseMs, maxMs } = this.o.reconnect;
    const ceiling = Math.min(maxMs, baseMs * 2 ** c.failures);
    c.failures++;
    c.retry = this.o.sim.after(ceiling * (0.5 + 0.5 * c.backoff.next()), () => this.attempt(c));
  }
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}
