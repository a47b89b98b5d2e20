/**
 * Durable storage of a Y.Doc the way y-indexeddb keeps it: every update is appended as its own
 * entry, and once more than 500 have piled up they are replaced by one merged full-state update.
 */
import * as Y from 'yjs';
import type { DurableStorage } from '../../src/contract/contract.ts';

/** y-indexeddb's PREFERRED_TRIM_SIZE. */
const TRIM_SIZE = 500;
const ORIGIN = 'storage';

/** Appends updates of one doc to `storage`, compacting as y-indexeddb does. */
export class YjsPersistence {
  private count: number;

  constructor(
    private readonly storage: DurableStorage,
    private readonly doc: Y.Doc,
  ) {
    this.count = storage.keys().length;
  }

  /** Applies every stored update to the doc (in the order they were written). */
  restore(): void {
    const keys = this.storage.keys().sort((a, b) => Number(a) - Number(b));
    Y.transact(
      this.doc,
      () => {
        for (const key of keys) {
          const update = this.storage.get(key);
          if (update) Y.applyUpdate(this.doc, update, ORIGIN);
        }
      },
      ORIGIN,
    );
  }

  /** Persists one update unless it came from storage itself. */
  store(update: Uint8Array, origin: unknown): void {
    if (origin === ORIGIN) return;
    this.storage.set(String(this.count++), update);
    if (this.count > TRIM_SIZE) {
      for (const key of this.storage.keys()) this.storage.delete(key);
      this.count = 0;
      this.storage.set(String(this.count++), Y.encodeStateAsUpdate(this.doc));
    }
  }
}
