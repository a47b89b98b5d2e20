/**
 * Directed links: the impairment state of one direction between two replicas (its profile, its
 * random stream, when its bandwidth is next free and, for streams, when its last message lands).
 */
import { sampleLatency } from './latency.ts';
import type { LinkProfile } from './link-profile.ts';
import type { KeyedStream, RandomStream } from './prng.ts';
import { keyedStream, randomStream } from './prng.ts';

/** The state of one direction of a link. */
export interface Link {
  profile: LinkProfile;
  /** Messages sent on it so far: the next one's index. */
  messages: number;
  /** Each message's draws (latency, loss, reset, duplication), keyed by its index on the link. */
  readonly draws: KeyedStream;
  /** Connection handshakes' latency draws, in order. */
  readonly handshakes: RandomStream;
  /** When the bandwidth cap lets the next message start, virtual ms. */
  busyUntil: number;
  /** Arrival time of the latest message on a stream, which later ones may not overtake. */
  lastArrival: number;
}

/** Minimum retransmission timeout, as in Linux TCP. */
const MIN_RTO_MS = 200;
/** A message lost this many times in a row on a stream is taken to arrive at the next try. */
const MAX_RETRANSMITS = 8;

/** All directed links of a network, created on first use from the default profile. */
export class Links {
  /** By sender, then receiver: looking a link up builds no key string. */
  private readonly links = new Map<string, Map<string, Link>>();

  constructor(
    private readonly seed: number,
    private readonly defaultProfile: LinkProfile,
  ) {}

  get(from: string, to: string): Link {
    let fromHere = this.links.get(from);
    if (fromHere === undefined) this.links.set(from, (fromHere = new Map<string, Link>()));
    let link = fromHere.get(to);
    if (link === undefined) {
      link = {
        profile: this.defaultProfile,
        messages: 0,
        draws: keyedStream(this.seed, `link:${from}>${to}`),
        handshakes: randomStream(this.seed, `handshake:${from}>${to}`),
        busyUntil: 0,
        lastArrival: 0,
      };
      fromHere.set(to, link);
    }
    return link;
  }

  /**
   * The draws of the next message on `link`: they depend only on the seed, the link and the
   * message's index on it, so removing one message elsewhere changes no other message's fate.
   */
  message(link: Link): RandomStream {
    return link.draws.at(link.messages++);
  }

  /** Time the last bit of a `bytes`-long message leaves the sender, given the bandwidth cap. */
  transmit(link: Link, now: number, bytes: number): number {
    const start = Math.max(now, link.busyUntil);
    const txMs = link.profile.rate > 0 ? (bytes * 8 * 1000) / link.profile.rate : 0;
    link.busyUntil = start + txMs;
    return start + txMs;
  }

  /** Arrival of a stream message: lost packets cost a retransmission timeout each; FIFO order holds. */
  streamArrival(link: Link, now: number, bytes: number, random: RandomStream): number {
    const sent = this.transmit(link, now, bytes);
    const profile = link.profile;
    let arrival = sent + sampleLatency(profile, random);
    const rto = Math.max(MIN_RTO_MS, 2 * (profile.delay + 2 * profile.jitter));
    for (let i = 0; i < MAX_RETRANSMITS && random.chance(profile.loss); i++) arrival += rto;
    arrival = Math.max(arrival, link.lastArrival);
    link.lastArrival = arrival;
    return arrival;
  }

  /** Arrival of a datagram (loss, duplication and reordering are decided by the caller). */
  datagramArrival(link: Link, now: number, bytes: number, skipDelay: boolean, random: RandomStream): number {
    const sent = this.transmit(link, now, bytes);
    return skipDelay ? sent : sent + sampleLatency(link.profile, random);
  }
}
