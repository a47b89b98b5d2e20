/**
 * The simulator's own bookkeeping, checked after a run: every message sent ends in exactly one
 * delivery or drop, plus one more per duplicate (or is still in flight), nothing is delivered or
 * dropped that was never sent, and the replicas saw exactly the deliveries the journal lists.
 */
import type { JournalEntry } from '../sim/journal.ts';

/** What is wrong with the journal, or undefined when it adds up. */
export function bookkeepingProblem(
  entries: Iterable<JournalEntry>,
  inFlight: number,
  deliveriesSeen: number,
): string | undefined {
  const sent = new Set<number>();
  const ends = new Map<number, number>();
  const copies = new Map<number, number>();
  let delivered = 0;
  for (const e of entries) {
    if (e.kind === 'send') sent.add(e.msg);
    else if (e.kind === 'duplicate') copies.set(e.msg, (copies.get(e.msg) ?? 0) + 1);
    else if (e.kind === 'deliver' || e.kind === 'drop') {
      if (!sent.has(e.msg))
        return `message ${e.msg} was ${e.kind === 'deliver' ? 'delivered' : 'dropped'} but never sent`;
      ends.set(e.msg, (ends.get(e.msg) ?? 0) + 1);
      if (e.kind === 'deliver') delivered++;
    }
  }
  let open = 0;
  for (const msg of sent) {
    const expected = 1 + (copies.get(msg) ?? 0);
    const got = ends.get(msg) ?? 0;
    if (got > expected)
      return `message ${msg} ended ${got} times, but was sent once and duplicated ${expected - 1} times`;
    open += expected - got;
  }
  if (open !== inFlight)
    return `${open} messages have no delivery or drop in the journal, but the network has ${inFlight} in flight`;
  if (delivered !== deliveriesSeen)
    return `the journal lists ${delivered} deliveries, the replicas received ${deliveriesSeen}`;
  return undefined;
}
