/**
 * Catch-up watches: from a timeline step on, how long one replica takes to hold what another
 * holds (a bootstrap, a reconnect, the seeding of a server), and what crossed its links
 * meanwhile. Views are compared by record counts first, and only when the network is quiet (or
 * every virtual second), so a bootstrap of thousands of records is not serialised on every message.
 */
import type { Framing, Snapshot } from '../contract/contract.ts';
import type { JournalEntries } from '../sim/journal.ts';
import { canonicalJson } from '../contract/canonical.ts';
import type { CatchUpResult } from './result.ts';

/** A watch that keeps changing amid constant traffic is still looked at this often (virtual ms). */
const MAX_CHECK_GAP_MS = 1_000;

export interface CatchUpSides {
  /** The replica's view of itself and of `against`, or undefined while either is crashed. */
  views(replica: string, against: string): { mine: Snapshot; theirs: Snapshot } | undefined;
  /** Why this watch cannot be measured on this engine (e.g. no partial sync), if so. */
  unsupported(replica: string): string | undefined;
  storedBytes(replica: string): number;
}

interface Watch {
  readonly name: string;
  readonly replica: string;
  readonly against: string;
  readonly fromMs: number;
  readonly journalFrom: number;
  lastCheckMs: number;
  result?: CatchUpResult;
}

export class CatchUpWatches {
  private readonly watches: Watch[] = [];
  /** Watches without a result yet: once none is left, `check` has nothing to do. */
  private open = 0;
  private readonly dirty = new Set<string>();

  constructor(
    private readonly sides: CatchUpSides,
    private readonly journal: JournalEntries,
    private readonly framing: Framing,
  ) {}

  /** Starts a watch at virtual time `nowMs`. */
  start(name: string, replica: string, against: string, nowMs: number): void {
    const reason = this.sides.unsupported(replica);
    const watch: Watch = {
      name,
      replica,
      against,
      fromMs: nowMs,
      journalFrom: this.journal.length,
      lastCheckMs: nowMs,
    };
    if (reason) watch.result = { name, replica, state: 'unsupported', reason };
    else this.open++;
    this.watches.push(watch);
    this.dirty.add(replica);
  }

  /** Notes that `replica`'s state may have changed. */
  touched(replica: string): void {
    if (this.watches.length > 0) this.dirty.add(replica);
  }

  /**
   * Closes every watch whose replica now holds what it waits for. A watch is looked at when
   * either side changed and the network is `quiet` (a replica cannot have caught up while the
   * rest is still on its way), or at least every second of virtual time while things change.
   * `anyChange`: treat every side as changed, for engines whose state also changes in work the
   * harness cannot attribute (async engines).
   */
  check(nowMs: number, quiet: boolean, anyChange = false): void {
    if (this.open === 0 || (this.dirty.size === 0 && !anyChange)) return;
    let pending = false;
    for (const watch of this.watches) {
      if (watch.result) continue;
      if (!anyChange && !this.dirty.has(watch.replica) && !this.dirty.has(watch.against)) continue;
      if (!quiet && nowMs - watch.lastCheckMs < MAX_CHECK_GAP_MS) {
        pending = true;
        continue;
      }
      watch.lastCheckMs = nowMs;
      if (this.caughtUp(watch)) {
        watch.result = this.measured(watch, nowMs);
        this.open--;
      }
    }
    if (!pending) this.dirty.clear();
  }

  /** Every watch, with those never completed marked `not-reached`. */
  results(): CatchUpResult[] {
    return this.watches.map(
      (w) =>
        w.result ?? {
          name: w.name,
          replica: w.replica,
          state: 'not-reached',
          reason: `${w.replica} never held what ${w.against} held before the run ended`,
        },
    );
  }

  private caughtUp(watch: Watch): boolean {
    const views = this.sides.views(watch.replica, watch.against);
    if (!views) return false;
    const count = (s: Snapshot): number =>
      Object.values(s.collections).reduce((n, records) => n + Object.keys(records).length, 0);
    if (count(views.mine) !== count(views.theirs)) return false;
    return canonicalJson(views.mine) === canonicalJson(views.theirs);
  }

  private measured(watch: Watch, nowMs: number): CatchUpResult {
    let bytesIn = 0;
    let bytesOut = 0;
    let messages = 0;
    let framedBytesIn = 0;
    let framedBytesOut = 0;
    const payloadKind = this.framing === 'socket' ? 'payload' : 'send';
    for (let i = watch.journalFrom; i < this.journal.length; i++) {
      const entry = this.journal.at(i);
      const incoming = entry.to === watch.replica;
      if (!incoming && entry.from !== watch.replica) continue;
      if (entry.kind === 'send') {
        if (incoming) framedBytesIn += entry.bytes;
        else framedBytesOut += entry.bytes;
      }
      if (entry.kind !== payloadKind) continue;
      if (incoming) bytesIn += entry.bytes;
      else bytesOut += entry.bytes;
      messages++;
    }
    return {
      name: watch.name,
      replica: watch.replica,
      state: 'caught-up',
      fromMs: watch.fromMs,
      ms: Math.round((nowMs - watch.fromMs) * 1000) / 1000,
      bytesIn,
      bytesOut,
      messages,
      framedBytesIn,
      framedBytesOut,
      storedBytes: this.sides.storedBytes(watch.replica),
    };
  }
}
