/**
 * Bandwidth figures, derived from the journal only: bytes and messages sent, split by direction
 * (client→server `up`, server→client `down`, mesh `peer`) and by timeline phase.
 */
import type { ReplicaRole } from '../contract/contract.ts';
import type { JournalEntry } from '../sim/journal.ts';
import type { WireMetrics, WireTotals } from './result.ts';

type MutableTotals = { -readonly [K in keyof WireTotals]: WireTotals[K] };

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
  };
}

function add(totals: MutableTotals, entry: JournalEntry, fromRole: ReplicaRole | undefined): void {
  totals.bytes += entry.bytes;
  totals.messages++;
  if (fromRole === 'client') {
    totals.upBytes += entry.bytes;
    totals.upMessages++;
  } else if (fromRole === 'server') {
    totals.downBytes += entry.bytes;
    totals.downMessages++;
  } else {
    totals.peerBytes += entry.bytes;
    totals.peerMessages++;
  }
}

/** Wire metrics of a journal, given each replica's role; `phaseNames` lists phases even without traffic. */
export function wireMetrics(
  entries: readonly JournalEntry[],
  roles: ReadonlyMap<string, ReplicaRole>,
  phaseNames: readonly string[],
): WireMetrics {
  const total = emptyTotals();
  const phases = new Map<string, MutableTotals>(phaseNames.map((name) => [name, emptyTotals()]));
  let dropped = 0;
  let duplicated = 0;
  let connects = 0;
  let disconnects = 0;
  for (const entry of entries) {
    switch (entry.kind) {
      case 'send': {
        let phase = phases.get(entry.phase);
        if (!phase) phases.set(entry.phase, (phase = emptyTotals()));
        add(total, entry, roles.get(entry.from));
        add(phase, entry, roles.get(entry.from));
        break;
      }
      case 'drop':
        dropped++;
        break;
      case 'duplicate':
        duplicated++;
        break;
      case 'connect':
        connects++;
        break;
      case 'disconnect':
        disconnects++;
        break;
      case 'deliver':
        break;
    }
  }
  return {
    ...total,
    droppedMessages: dropped,
    duplicatedMessages: duplicated,
    connects,
    disconnects,
    phases: [...phases].map(([phase, totals]) => ({ phase, ...totals })),
  };
}

/** Bytes sent up to and including virtual time `t`, from a running position in the journal. */
export class WireCounter {
  private index = 0;
  private bytes = 0;

  constructor(private readonly entries: readonly JournalEntry[]) {}

  bytesUntil(t: number): number {
    while (this.index < this.entries.length) {
      const entry = this.entries[this.index] as JournalEntry;
      if (entry.t > t) break;
      if (entry.kind === 'send') this.bytes += entry.bytes;
      this.index++;
    }
    return this.bytes;
  }
}
