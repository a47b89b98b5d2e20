/** Bytes of everything a replica keeps in its durable storage (what the reference engine reports as stored). */
import type { DurableStorage } from '../contract/contract.ts';

export function storageBytes(storage: DurableStorage): number {
  let total = 0;
  for (const key of storage.keys()) total += storage.get(key)?.byteLength ?? 0;
  return total;
}
