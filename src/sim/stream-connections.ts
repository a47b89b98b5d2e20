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
import type { Cancel, EventHandler, Simulation } from './simulation.ts';
import type { FlightList } from './flights.ts';
import { FlightTable, emptyFlightList } from './flights.ts';

interface Connection {
  readonly initiator: string;
  readonly acceptor: string;
  state: 'down' | 'connecting' | 'up';
  /** Bumped whenever the connection goes down, so stale events know to do nothing. */
  generation: number;
  failures: number;
  retry: Cancel | undefined;
  /**
   * Set while the connection waits out a fault without events: retries that could only fail
   * (the path blocked, the backoff at its ceiling) are not scheduled, and when the path is back
   * the same draws are replayed from this time to find when the next attempt falls.
   */
  parkedSince: number | undefined;
  /** What it carries now, in the order it was sent. */
  readonly inFlight: FlightList;
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

/**
 * The stream connections of one network, each reachable from either end. It is the handler of
 * its own delivery events (a flight slot and its use), so a message costs no closure.
 */
export class StreamConnections implements EventHandler {
  private readonly connections: Connection[] = [];
  private readonly byEnds = new Map<string, Map<string, Connection>>();
  private readonly flights = new FlightTable();

  constructor(private readonly o: StreamOptions) {
    for (const [initiator, acceptor] of o.pairs) {
      const c: Connection = {
        initiator,
        acceptor,
        state: 'down',
        generation: 0,
        failures: 0,
        retry: undefined,
        parkedSince: undefined,
        inFlight: emptyFlightList(),
        backoff: randomStream(o.seed, `backoff:${initiator}>${acceptor}`),
      };
      // A pair named twice keeps its first place and its last direction.
      const before = this.between(initiator, acceptor);
      if (before === undefined) this.connections.push(c);
      else this.connections[this.connections.indexOf(before)] = c;
      this.ends(initiator).set(acceptor, c);
      this.ends(acceptor).set(initiator, c);
    }
  }

  /** Connections that are not up now, as `initiator→acceptor (state)`. */
  notUp(): string[] {
    return this.connections
      .filter((c) => c.state !== 'up')
      .map((c) => `${c.initiator}→${c.acceptor} (${c.state})`);
  }

  inFlight(): number {
    let n = 0;
    for (const c of this.connections) n += c.inFlight.size;
    return n;
  }

  start(): void {
    for (const c of this.connections) this.attempt(c);
  }

  send(msg: number, from: string, to: string, bytes: Uint8Array, connection: number): void {
    const { sim, journal, links } = this.o;
    const size = bytes.byteLength;
    const c = this.between(from, to);
    if (c === undefined || c.state !== 'up') {
      journal.record(sim.now(), 'drop', from, to, size, msg, 'not-connected');
      return;
    }
    const link = links.get(from, to);
    const random = links.message(link);
    if (random.chance(link.profile.reset)) {
      journal.record(sim.now(), 'drop', from, to, size, msg, 'reset');
      this.down(c, 'reset');
      return;
    }
    const arrival = links.streamArrival(link, sim.now(), size, random);
    const slot = this.flights.add(msg, from, to, bytes, connection, c.inFlight);
    sim.call(arrival, this, slot, this.flights.useOf(slot));
  }

  /** A message lands, unless it was dropped (and journaled) when its connection went down. */
  handleEvent(slot: number, use: number): void {
    const flights = this.flights;
    if (!flights.live(slot, use)) return;
    const from = flights.fromOf(slot);
    const to = flights.toOf(slot);
    const bytes = flights.bytesOf(slot);
    const channel = flights.channelOf(slot);
    this.o.journal.record(this.o.sim.now(), 'deliver', from, to, flights.sizeOf(slot), flights.msgOf(slot));
    flights.remove(slot);
    this.o.endpoint(to)?.receive(from, bytes, channel);
  }

  /** Ends every connection that a fault has just cut. */
  breakBlocked(): void {
    for (const c of this.connections) {
      if (c.state === 'down') continue;
      const reason = this.o.reach.blockedEitherWay(c.initiator, c.acceptor);
      if (reason) this.down(c, reason);
    }
  }

  /**
   * A fault ended: a parked connection whose path is open again resumes its retries where they
   * would be; with `followReach`, every down connection whose path is open again connects now.
   */
  pathsBack(): void {
    for (const c of this.connections)
      if (c.parkedSince !== undefined && !this.o.reach.blockedEitherWay(c.initiator, c.acceptor))
        this.unpark(c);
    if (!this.o.followReach) return;
    for (const c of this.connections) {
      if (c.state !== 'down' || this.o.reach.isCrashed(c.acceptor)) continue;
      if (this.o.reach.blockedEitherWay(c.initiator, c.acceptor)) continue;
      c.retry?.();
      c.failures = 0;
      this.attempt(c);
    }
  }

  /** A crashed replica is back: connections it initiates are retried at once. */
  restart(id: string): void {
    for (const c of this.connections) {
      if (c.initiator !== id || c.state !== 'down') continue;
      c.parkedSince = undefined;
      c.retry?.();
      c.failures = 0;
      this.attempt(c);
    }
  }

  /** The connection between `a` and `b`, whichever initiates it. */
  private between(a: string, b: string): Connection | undefined {
    return this.byEnds.get(a)?.get(b);
  }

  private ends(id: string): Map<string, Connection> {
    let ends = this.byEnds.get(id);
    if (ends === undefined) this.byEnds.set(id, (ends = new Map<string, Connection>()));
    return ends;
  }

  /** A connection attempt; `roundTripMs` given: one already under way, completing that much later. */
  private attempt(c: Connection, roundTripMs?: number): void {
    const { sim, links, reach, journal } = this.o;
    c.retry = undefined;
    if (reach.isCrashed(c.initiator)) return; // it reconnects when it restarts
    c.state = 'connecting';
    const generation = ++c.generation;
    const there = links.get(c.initiator, c.acceptor);
    const back = links.get(c.acceptor, c.initiator);
    const roundTrip =
      roundTripMs ??
      sampleLatency(there.profile, there.handshakes) + sampleLatency(back.profile, back.handshakes);
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
    const flights = this.flights;
    for (let slot = c.inFlight.head; slot >= 0;) {
      const next = flights.nextOf(slot);
      const from = flights.fromOf(slot);
      journal.record(
        sim.now(),
        'drop',
        from,
        flights.toOf(slot),
        flights.sizeOf(slot),
        flights.msgOf(slot),
        reason,
      );
      flights.remove(slot);
      slot = next;
    }
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
    if (ceiling === maxMs && this.o.reach.blockedEitherWay(c.initiator, c.acceptor)) {
      // Every retry until the path is back would fail the same way: skip them (`unpark`).
      c.parkedSince = this.o.sim.now();
      return;
    }
    c.failures++;
    c.retry = this.o.sim.after(ceiling * (0.5 + 0.5 * c.backoff.next()), () => this.attempt(c));
  }

  /**
   * The path of a parked connection is open again: replays the retries it skipped (each a
   * backoff wait at the ceiling and a handshake that failed), drawing what they would have
   * drawn, and schedules the first one that starts, or completes, now or later.
   */
  private unpark(c: Connection): void {
    const { sim, links } = this.o;
    const maxMs = this.o.reconnect.maxMs;
    const there = links.get(c.initiator, c.acceptor);
    const back = links.get(c.acceptor, c.initiator);
    let t = c.parkedSince ?? sim.now();
    c.parkedSince = undefined;
    for (;;) {
      c.failures++;
      const startAt = t + maxMs * (0.5 + 0.5 * c.backoff.next());
      if (startAt >= sim.now()) {
        c.retry = sim.after(startAt - sim.now(), () => this.attempt(c));
        return;
      }
      const roundTrip =
        sampleLatency(there.profile, there.handshakes) + sampleLatency(back.profile, back.handshakes);
      if (startAt + roundTrip >= sim.now()) {
        // That attempt is under way: it completes on the open path.
        this.attempt(c, startAt + roundTrip - sim.now());
        return;
      }
      t = startAt + roundTrip;
    }
  }
}
