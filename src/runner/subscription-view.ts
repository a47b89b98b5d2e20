/**
 * What a replica is expected to agree on: everything, or for a partially syncing client only the
 * records of its subscription. Both sides of a comparison go through the same view, so a record
 * that left the slice on the server but lingers on the client shows up as a divergence.
 */
import type { Fields, Snapshot, Subscription } from '../contract/contract.ts';

export function viewOf(snapshot: Snapshot, subscription: Subscription | undefined): Snapshot {
  if (!subscription) return snapshot;
  const { collection, where } = subscription;
  const records: Record<string, Fields> = {};
  for (const [id, fields] of Object.entries(snapshot.collections[collection] ?? {})) {
    if (Object.entries(where).every(([field, value]) => fields[field] === value)) records[id] = fields;
  }
  return { collections: { [collection]: records }, texts: {} };
}
