/**
 * The simulated network: endpoints (one per live replica), directed links, faults, and the two
 * transports. `stream` models WebSocket/TCP: a connection is reliable and FIFO while up, loss shows
 * as retransmission delay, a reset or a fault that cuts either direction drops what is in flight
 * and fires `disconnected` on both ends, and the initiating side reconnects after a backoff.
 * `datagram` models UDP/WebRTC: each message is independently delayed, lost, duplicated or
 * reordered, and there are no connections to lose.
 */
import type { Endpoint, Transport } from './endpoint.ts';
import type { Journal } from './journal.ts';
import type { LinkProfile } from './link-profile.ts';
import { Links } from './links.ts';
import { Reachability } from './faults.ts';
import type { EventHandler, Simulation } from './simulation.ts';
import { FlightTable } from './flights.ts';
import { StreamConnections } from './stream-connections.ts';

export type { Endpoint, Transport } from './endpoint.ts';

export interface NetworkOptions {
  readonly sim: Simulation;
  readonly seed: number;
  readonly transport: Transport;
  /** Which replicas talk to each other; the first of each pair initiates stream connections. */
  readonly pairs: readonly (readonly [string, string])[];
  readonly profile: LinkProfile;
  readonly journal: Journal;
  readonly reconnect?: { readonly baseMs: number; readonly maxMs: number };
  /**
   * Stream links come back as soon as their path does (one round trip after a reset, a heal, an
   * `online` or a restart), with no backoff of their own: for engines whose real stack makes its
   * own connection attempts over the link (`framing: 'socket'`), the link is the network path,
   * and a TCP connect the stack is waiting on goes through once the path is back.
   */
  readonly linksFollowReach?: boolean;
}

/** Routes messages between endpoints through impaired links (and lands datagrams: its events). */
export class Network implements EventHandler {
  readonly reach = new Reachability();
  readonly links: Links;
  private readonly endpoints = new Map<string, Endpoint>();
  private readonly streams: StreamConnections | undefined;
  private inFlightCount = 0;
  private readonly datagrams = new FlightTable();

  constructor(private readonly options: NetworkOptions) {
    this.links = new Links(options.seed, options.profile);
    this.streams =
      options.transport === 'stream'
        ? new StreamConnections({
            sim: options.sim,
            seed: options.seed,
            links: this.links,
            reach: this.reach,
            journal: options.journal,
            endpoint: (id) => this.endpoints.get(id),
            pairs: options.pairs,
            reconnect: options.reconnect ?? { baseMs: 250, maxMs: 5000 },
            followReach: options.linksFollowReach ?? false,
          })
        : undefined;
  }

  get transport(): Transport {
    return this.options.transport;
  }

  /** Messages sent and not yet delivered or dropped. */
  inFlight(): number {
    return this.inFlightCount + (this.streams?.inFlight() ?? 0);
  }

  /** Stream connections that are not up now (none over datagrams), as `c1→server (connecting)`. */
  connectionsDown(): string[] {
    return this.streams?.notUp() ?? [];
  }

  /** Registers the endpoint of a (re)started replica. */
  attach(id: string, endpoint: Endpoint): void {
    this.endpoints.set(id, endpoint);
  }

  /** Opens the stream connections, or announces datagram peers to each other. */
  start(): void {
    if (this.streams) this.streams.start();
    else for (const [a, b] of this.options.pairs) this.announcePair(a, b);
  }

  /** Sends `bytes` from `from` to `to` over the scenario's transport, on a stream's `connection`. */
  send(from: string, to: string, bytes: Uint8Array, connection = 0): void {
    const { sim, journal } = this.options;
    const msg = journal.send(sim.now(), from, to, bytes.byteLength);
    if (this.streams) this.streams.send(msg, from, to, bytes, connection);
    else this.sendDatagram(msg, from, to, bytes);
  }

  /** A replica on a socket stack handed `bytes` of library payload for `to` to that stack. */
  payload(from: string, to: string, bytes: number): void {
    const { sim, journal } = this.options;
    journal.record(sim.now(), 'payload', from, to, bytes);
  }

  partition(groups: readonly (readonly string[])[]): void {
    this.reach.partition(groups);
    this.streams?.breakBlocked();
  }

  partitionOneWay(from: readonly string[], to: readonly string[]): void {
    this.reach.partitionOneWay(from, to);
    this.streams?.breakBlocked();
  }

  heal(): void {
    this.reach.heal();
    this.streams?.pathsBack();
  }

  setOffline(id: string, offline: boolean): void {
    this.reach.setOffline(id, offline);
    if (offline) this.streams?.breakBlocked();
    else this.streams?.pathsBack();
  }

  /** The replica is gone: its endpoint is detached and its connections drop. */
  crash(id: string): void {
    this.reach.setCrashed(id, true);
    this.endpoints.delete(id);
    this.streams?.breakBlocked();
  }

  /** The replica is back with a new endpoint; it reconnects (stream) or re-announces itself (datagram). */
  restart(id: string, endpoint: Endpoint): void {
    this.reach.setCrashed(id, false);
    this.attach(id, endpoint);
    if (this.streams) {
      this.streams.restart(id);
      this.streams.pathsBack();
    } else
      for (const [a, b] of this.options.pairs) {
        if (a === id) endpoint.connected(b);
        else if (b === id) endpoint.connected(a);
      }
  }

  /** Changes the profile of the directed link `from → to`. */
  degrade(from: string, to: string, profile: LinkProfile): void {
    this.links.get(from, to).profile = profile;
  }

  private announcePair(a: string, b: string): void {
    this.endpoints.get(a)?.connected(b);
    this.endpoints.get(b)?.connected(a);
  }

  private sendDatagram(msg: number, from: string, to: string, bytes: Uint8Array): void {
    const { sim, journal } = this.options;
    const now = sim.now();
    const size = bytes.byteLength;
    const blocked = this.reach.blocked(from, to);
    if (blocked) return journal.record(now, 'drop', from, to, size, msg, blocked);
    const link = this.links.get(from, to);
    const random = this.links.message(link);
    if (random.chance(link.profile.loss)) return journal.record(now, 'drop', from, to, size, msg, 'loss');
    const arrival = this.links.datagramArrival(link, now, size, random.chance(link.profile.reorder), random);
    this.deliverDatagram(msg, from, to, bytes, arrival);
    if (random.chance(link.profile.duplicate)) {
      journal.record(now, 'duplicate', from, to, size, msg);
      this.deliverDatagram(msg, from, to, bytes, this.links.datagramArrival(link, now, size, false, random));
    }
  }

  private deliverDatagram(msg: number, from: string, to: string, bytes: Uint8Array, arrival: number): void {
    const { sim } = this.options;
    this.inFlightCount++;
    const slot = this.datagrams.add(msg, from, to, bytes, 0);
    sim.call(arrival, this, slot, 0);
  }

  /** A datagram lands: delivered, or dropped if its path is cut or its receiver is down. */
  handleEvent(slot: number): void {
    const { sim, journal } = this.options;
    const datagrams = this.datagrams;
    const from = datagrams.fromOf(slot);
    const to = datagrams.toOf(slot);
    const bytes = datagrams.bytesOf(slot);
    const msg = datagrams.msgOf(slot);
    datagrams.remove(slot);
    this.inFlightCount--;
    const blocked = this.reach.blocked(from, to);
    const endpoint = this.endpoints.get(to);
    if (blocked || !endpoint) {
      journal.record(sim.now(), 'drop', from, to, bytes.byteLength, msg, blocked ?? 'crashed');
      return;
    }
    journal.record(sim.now(), 'deliver', from, to, bytes.byteLength, msg);
    endpoint.receive(from, bytes, 0);
  }
}
