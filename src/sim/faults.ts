/**
 * Which directed paths are cut right now: partitions (symmetric between groups, or one-way),
 * replicas that are offline (all their links down) and replicas that have crashed.
 */
import type { DropReason } from './journal.ts';

/** The reachability state of the network. */
export class Reachability {
  private readonly cut = new Set<string>();
  private readonly offline = new Set<string>();
  private readonly crashed = new Set<string>();

  /** Cuts both directions between every pair of replicas in different groups. */
  partition(groups: readonly (readonly string[])[]): void {
    groups.forEach((group, i) =>
      groups.forEach((other, j) => {
        if (i === j) return;
        for (const a of group) for (const b of other) this.cut.add(`${a}>${b}`);
      }),
    );
  }

  /** Cuts only the direction from each of `from` to each of `to`. */
  partitionOneWay(from: readonly string[], to: readonly string[]): void {
    for (const a of from) for (const b of to) this.cut.add(`${a}>${b}`);
  }

  /** Removes every partition (offline and crashed replicas stay as they are). */
  heal(): void {
    this.cut.clear();
  }

  setOffline(id: string, offline: boolean): void {
    if (offline) this.offline.add(id);
    else this.offline.delete(id);
  }

  setCrashed(id: string, crashed: boolean): void {
    if (crashed) this.crashed.add(id);
    else this.crashed.delete(id);
  }

  isCrashed(id: string): boolean {
    return this.crashed.has(id);
  }

  /** Why a message from `from` to `to` cannot pass now, or undefined if it can. */
  blocked(from: string, to: string): DropReason | undefined {
    if (this.crashed.has(from) || this.crashed.has(to)) return 'crashed';
    if (this.offline.has(from) || this.offline.has(to)) return 'offline';
    if (this.cut.has(`${from}>${to}`)) return 'partition';
    return undefined;
  }

  /** Why a stream between `a` and `b` cannot work now: a stream needs both directions. */
  blockedEitherWay(a: string, b: string): DropReason | undefined {
    return this.blocked(a, b) ?? this.blocked(b, a);
  }
}
