/**
 * Hybrid logical clocks: a wall-clock reading (virtual time here), a counter for events in the
 * same millisecond, and the node id to break ties. Comparing stamps orders writes the way their
 * authors saw time pass, so an edit made weeks ago offline loses to one made yesterday.
 */

/** `[wall ms, counter, node]`, compact on the wire. */
export type Hlc = readonly [number, number, string];

export const ZERO_HLC: Hlc = [0, 0, ''];

/** Negative, zero or positive as `a` is before, equal to or after `b`. */
export function compareHlc(a: Hlc, b: Hlc): number {
  return a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0);
}

/** A node's clock: each stamp is later than every stamp it issued or saw. */
export class HybridClock {
  constructor(
    private readonly node: string,
    private last: Hlc = ZERO_HLC,
  ) {}

  get latest(): Hlc {
    return this.last;
  }

  /** A stamp for a local event at wall time `now`. */
  tick(now: number): Hlc {
    const [wall, counter] = this.last;
    this.last = now > wall ? [now, 0, this.node] : [wall, counter + 1, this.node];
    return this.last;
  }

  /** Moves the clock past a stamp seen from elsewhere. */
  observe(stamp: Hlc): void {
    if (compareHlc(stamp, this.last) > 0) this.last = [stamp[0], stamp[1], this.node];
  }
}
