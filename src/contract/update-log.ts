/**
 * A document's updates in a replica's durable storage, in the order they were written, under keys
 * of their own (`<prefix><clock>`): for Yjs (`yjs/`) the auto-incremented keys of y-indexeddb's
 * `updates` store, or y-leveldb's update clock; for Loro (`loro/update/`) the updates its
 * persistence guide stores beside a snapshot. Everything else in the storage (the application's
 * schema version, a snapshot) is left alone.
 */
import type { DurableStorage } from './contract.ts';

export class UpdateLog {
  /** The clocks held, ascending. */
  private readonly clocks: number[] = [];

  /** `first`: the clock of a fresh store's first update (IndexedDB's key generator starts at 1). */
  constructor(
    private readonly storage: DurableStorage,
    private readonly first = 0,
    private readonly prefix = 'yjs/',
  ) {
    for (const key of storage.keys())
      if (key.startsWith(prefix)) this.clocks.push(Number(key.slice(prefix.length)));
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
    // No library here empties a store it wrote to (a merge adds before it deletes).
    const clock = this.clocks.length ? this.last + 1 : this.first;
    this.storage.set(this.prefix + clock, update);
    this.clocks.push(clock);
    return clock;
  }

  /** The updates at clock `from` and after, in order. */
  updates(from = 0): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (const clock of this.clocks) {
      if (clock < from) continue;
      const update = this.storage.get(this.prefix + clock);
      if (update) out.push(update);
    }
    return out;
  }

  /** Deletes every update before clock `to`. */
  deleteBefore(to: number): void {
    let kept = 0;
    while (kept < this.clocks.length && this.clocks[kept]! < to)
      this.storage.delete(this.prefix + this.clocks[kept++]);
    this.clocks.splice(0, kept);
  }
}
