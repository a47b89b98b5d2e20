/**
 * Bandwidth figures, derived from the journal only, at three layers: the library's payload, what
 * the socket carries (`framed`: frames, HTTP heads, handshakes, pings), and an estimate of the IP
 * network's bytes (`ip`, see `src/sim/ip-model.ts`). Each is split by direction (client→server
 * `up`, server→client `down`, mesh `peer`) and by timeline phase.
 *
 * A replica with `framing: 'messages'` sends bare payloads: each send counts as payload and as
 * framed, and each connect of its link costs a TCP and TLS handshake. A `socket` replica's sends
 * are its stack's socket writes (framed only; an empty one opens a connection and costs the
 * handshakes), and its payloads are the `payload` entries it reported.
 */
import type { Framing, ReplicaRole } from '../contract/contract.ts';
import { ipCostOfConnect, ipCostOfWrite } from '../sim/ip-model.ts';
import type { IpCost } from '../sim/ip-model.ts';
import type { JournalEntries, JournalEntry } from '../sim/journal.ts';
import type { Transport } from '../sim/network.ts';
import type { WireMetrics, WireTotals } from './result.ts';

type MutableTotals = { -readonly [K in keyof WireTotals]: WireTotals[K] };
type Direction = 'up' | 'down' | 'peer';

function emptyTotals(): MutableTotals {
  return {
    bytes: 0,
    messages: 0,
    upBytes: 0,
    upMessages: 0,
    downBytes: 0,
    downMessages: 0,
    peerBytes: 0,
    peerMessages: 0,
    framedBytes: 0,
    framedMessages: 0,
    framedUpBytes: 0,
    framedDownBytes: 0,
    framedPeerBytes: 0,
    ipBytes: 0,
    ipPackets: 0,
    ipUpBytes: 0,
    ipDownBytes: 0,
    ipPeerBytes: 0,
  };
}

function directionOf(role: ReplicaRole | undefined): Direction {
  return role === 'client' ? 'up' : role === 'server' ? 'down' : 'peer';
}

const opposite = (d: Direction): Direction => (d === 'up' ? 'down' : d === 'down' ? 'up' : 'peer');

function addPayload(t: MutableTotals, d: Direction, bytes: number): void {
  t.bytes += bytes;
  t.messages++;
  if (d === 'up') {
    t.upBytes += bytes;
    t.upMessages++;
  } else if (d === 'down') {
    t.downBytes += bytes;
    t.downMessages++;
  } else {
    t.peerBytes += bytes;
    t.peerMessages++;
  }
}

function addFramed(t: MutableTotals, d: Direction, bytes: number): void {
  t.framedBytes += bytes;
  t.framedMessages++;
  if (d === 'up') t.framedUpBytes += bytes;
  else if (d === 'down') t.framedDownBytes += bytes;
  else t.framedPeerBytes += bytes;
}

function addIp(t: MutableTotals, d: Direction, bytes: number, packets: number): void {
  t.ipBytes += bytes;
  t.ipPackets += packets;
  if (d === 'up') t.ipUpBytes += bytes;
  else if (d === 'down') t.ipDownBytes += bytes;
  else t.ipPeerBytes += bytes;
}

/** `into` plus `t`, field by field. */
function addTotals(into: MutableTotals, t: WireTotals): void {
  for (const key of Object.keys(into) as (keyof WireTotals)[]) into[key] += t[key];
}

/** `cost` sent in direction `d`, and its acknowledgements coming back. */
function addIpCost(t: MutableTotals, d: Direction, cost: IpCost): void {
  addIp(t, d, cost.bytes, cost.packets);
  if (cost.ackPackets > 0) addIp(t, opposite(d), cost.ackBytes, cost.ackPackets);
}

/** How the run's sends are to be read. */
export interface WireLayers {
  readonly framing: Framing;
  readonly transport: Transport;
}

/** Wire metrics of a journal, given each replica's role; `phaseNames` lists phases even without traffic. */
export function wireMetrics(
  entries: JournalEntries,
  roles: ReadonlyMap<string, ReplicaRole>,
  phaseNames: readonly string[],
  layers: WireLayers,
): WireMetrics {
  // Each entry counts in its phase; the run's totals are the phases' sums.
  const phases = new Map<string, MutableTotals>(phaseNames.map((name) => [name, emptyTotals()]));
  const phaseOf = (entry: JournalEntry): MutableTotals => {
    let phase = phases.get(entry.phase);
    if (!phase) phases.set(entry.phase, (phase = emptyTotals()));
    return phase;
  };
  const connect = ipCostOfConnect(layers.transport);
  let dropped = 0;
  let duplicated = 0;
  let connects = 0;
  let disconnects = 0;
  for (let i = 0; i < entries.length; i++) {
    switch (entries.kindAt(i)) {
      case 'send': {
        const entry = entries.at(i);
        const d = directionOf(roles.get(entry.from));
        const t = phaseOf(entry);
        if (layers.framing === 'socket' && entry.bytes === 0) {
          // A socket stack opened a connection (SimSocket's opening message): its handshakes.
          // The accepting side's answer is part of them.
          if (d === 'down') break;
          addIpCost(t, d, connect.opener);
          addIpCost(t, opposite(d), connect.accepter);
          break;
        }
        if (layers.framing === 'messages') addPayload(t, d, entry.bytes);
        addFramed(t, d, entry.bytes);
        addIpCost(t, d, ipCostOfWrite(entry.bytes, layers.transport));
        break;
      }
      case 'payload':
        if (layers.framing === 'socket') {
          const entry = entries.at(i);
          addPayload(phaseOf(entry), directionOf(roles.get(entry.from)), entry.bytes);
        }
        break;
      case 'drop':
        dropped++;
        break;
      case 'duplicate':
        duplicated++;
        break;
      case 'connect': {
        connects++;
        // A socket stack's connections are charged as it opens them (above).
        if (layers.framing === 'socket') break;
        const entry = entries.at(i);
        const d = directionOf(roles.get(entry.from));
        const t = phaseOf(entry);
        addIpCost(t, d, connect.opener);
        addIpCost(t, opposite(d), connect.accepter);
        break;
      }
      case 'disconnect':
        disconnects++;
        break;
      case 'deliver':
        break;
    }
  }
  const total = emptyTotals();
  for (const t of phases.values()) addTotals(total, t);
  return {
    ...total,
    droppedMessages: dropped,
    duplicatedMessages: duplicated,
    connects,
    disconnects,
    phases: [...phases].map(([phase, totals]) => ({ phase, ...totals })),
  };
}

/** Payload bytes sent up to and including virtual time `t`, from a running position in the journal. */
export class WireCounter {
  private index = 0;
  private bytes = 0;

  constructor(
    private readonly entries: JournalEntries,
    private readonly framing: Framing,
  ) {}

  bytesUntil(t: number): number {
    const counted = this.framing === 'socket' ? 'payload' : 'send';
    const entries = this.entries;
    while (this.index < entries.length) {
      if (entries.timeAt(this.index) > t) break;
      if (entries.kindAt(this.index) === counted) this.bytes += entries.bytesAt(this.index);
      this.index++;
    }
    return this.bytes;
  }
}
