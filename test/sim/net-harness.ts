/** A small network of recording endpoints for simulator tests. */
import { Journal } from '../../src/sim/journal.ts';
import type { LinkProfile } from '../../src/sim/link-profile.ts';
import { PROFILES } from '../../src/sim/link-profile.ts';
import type { Transport } from '../../src/sim/network.ts';
import { Network } from '../../src/sim/network.ts';
import { Simulation } from '../../src/sim/simulation.ts';

export interface Received {
  readonly from: string;
  readonly at: number;
  readonly seq: number;
}

export const quiet: LinkProfile = { ...PROFILES.lan, delay: 10, jitter: 0, distribution: 'constant' };

export function testNetwork(transport: Transport, profile: Partial<LinkProfile>, ids = ['a', 'b'], seed = 1) {
  const sim = new Simulation();
  const journal = new Journal();
  const pairs: [string, string][] = [];
  ids.forEach((a, i) => ids.slice(i + 1).forEach((b) => pairs.push([a, b])));
  const network = new Network({ sim, seed, transport, pairs, profile: { ...quiet, ...profile }, journal });
  const received = new Map<string, Received[]>(ids.map((id) => [id, []]));
  const events: string[] = [];
  for (const id of ids) {
    network.attach(id, {
      receive: (from, bytes) =>
        received.get(id)?.push({ from, at: sim.now(), seq: new DataView(bytes.buffer).getUint32(0) }),
      connected: (peer) => events.push(`${id}+${peer}`),
      disconnected: (peer) => events.push(`${id}-${peer}`),
    });
  }
  const message = (seq: number, size = 4): Uint8Array => {
    const bytes = new Uint8Array(Math.max(4, size));
    new DataView(bytes.buffer).setUint32(0, seq);
    return bytes;
  };
  const runUntil = (t: number): void => {
    while (sim.step(t));
    sim.advanceTo(t);
  };
  return { sim, journal, network, received, events, message, runUntil };
}
