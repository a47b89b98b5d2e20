/**
 * Byte counts by direction in a loopback fidelity run: `up` client → server, `down` server →
 * client, and what a server's TCP sockets carried each way.
 */
import type { Socket } from 'node:net';

export interface Directed {
  up: number;
  down: number;
}

/** What the server's accepted TCP sockets carried: read is up, written is down. */
export function carriedBy(sockets: readonly Socket[]): Directed {
  const carried: Directed = { up: 0, down: 0 };
  for (const s of sockets) {
    carried.up += s.bytesRead;
    carried.down += s.bytesWritten;
  }
  return carried;
}
