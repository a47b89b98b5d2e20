/**
 * A Y.Doc's updates in a replica's durable storage, in the order they were written, under keys
 * of their own (`yjs/<clock>`): the auto-incremented keys of y-indexeddb's `updates` store, or
 * y-leveldb's update clock. Everything else in the storage (the application's schema version) is
 * left alone.
 */
import type { DurableStorage } from '../../src/contract/contract.ts';

const PREFIX = 'yjs/';

export class UpdateLog {
  /** The clocks held, ascending. */
  private readonly clocks: number[] = [];

  /** `first`: the clock of a fresh store's first update (IndexedDB's key generator starts at 1). */
  constructor(
    private readonly storage: DurableStorage,
    private readonly first = 0,
  ) {
    for (const key of storage.keys())
      if (key.startsWith(PREFIX)) this.clocks.push(Number(key.slice(PREFIX.length)));
    this.clocks.sort((a, b) => a - b);
  }

  /** How many updates are held. */
  get size(): number {
    return this.clocks.length;
  }

  /** The clock of the last update written, or -1 when there is none. */
  get last(): number {
    return this.clocks.length ? this.clocks[this.clocks.length - 1]! : -1;
  }

  /** Writes `update` after the last one; returns its clock. */
  append(update: Uint8Array): number {
    // Neither library ever empties a store it wrote to (a merge adds before it deletes).
    const clock = this.clocks.length ? this.last + 1 : this.first;
    this.storage.set(PREFIX + clock, update);
    this.clocks.push(clock);
    return clock;
  }

  /** The updates at clock `from` and after, in order. */
  updates(from = 0): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (const clock of this.clocks) {
      if (clock < from) continue;
      const update = this.storage.get(PREFIX + clock);
      if (update) out.push(update);
    }
    return out;
  }

  /** Deletes every update before clock `to`. */
  deleteBefore(to: number): void {
    let kept = 0;
    while (kept < this.clocks.length && this.clocks[kept]! < to)
      this.storage.delete(PREFIX + this.clocks[kept++]);
    this.clocks.splice(0, kept);
  }
}
