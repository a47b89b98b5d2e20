/**
 * A Yjs client's storage as y-indexeddb (9.0) keeps it, statement for statement, on the
 * replica's durable storage instead of a browser's IndexedDB (y-indexeddb needs IndexedDB, and
 * Node has none): at open, the document's current state is added and every stored update applied;
 * each update is then appended as its own entry, and once 500 or more are held, a merge is
 * scheduled one second after the latest update (debounced), which adds the whole state as one
 * entry and deletes those before it. `test/adapters/yjs-persistence.test.ts` runs the real
 * y-indexeddb over fake-indexeddb and compares what each stores.
 *
 * One difference, on purpose: IndexedDB is asynchronous, and y-indexeddb counts its entries a few
 * requests after it reports itself synced, so edits made in that moment count from zero. Here
 * the store opens at once, counted.
 */
import * as Y from 'yjs';
import type { DurableStorage, Timers } from '../../src/contract/contract.ts';
import { UpdateLog } from '../../src/contract/update-log.ts';

/** y-indexeddb's PREFERRED_TRIM_SIZE. */
export const PREFERRED_TRIM_SIZE = 500;
/** y-indexeddb's `_storeTimeout`: how long after the latest update a merge waits, in ms. */
export const STORE_TIMEOUT_MS = 1000;

export class IndexeddbPersistence {
  private readonly log: UpdateLog;
  /** The first clock not yet applied to the document (`_dbref`). */
  private dbref = 0;
  /** How many entries the store holds, as last counted (`_dbsize`). */
  private dbsize = 0;
  private cancelStore: (() => void) | undefined;

  constructor(
    storage: DurableStorage,
    private readonly doc: Y.Doc,
    private readonly timers: Timers,
  ) {
    this.log = new UpdateLog(storage, 1);
    // The constructor's fetchUpdates, with its beforeApplyUpdatesCallback (the doc's state so far).
    const updates = this.log.updates(this.dbref);
    this.log.append(Y.encodeStateAsUpdate(doc));
    this.apply(updates);
    doc.on('update', this.storeUpdate);
  }

  private readonly storeUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === this) return;
    this.log.append(update);
    if (++this.dbsize >= PREFERRED_TRIM_SIZE) {
      this.cancelStore?.();
      this.cancelStore = this.timers.after(STORE_TIMEOUT_MS, () => {
        this.cancelStore = undefined;
        this.storeState();
      });
    }
  };

  /** `storeState(idbPersistence, false)`: fetch what is new, then merge if the store is still large. */
  private storeState(): void {
    this.apply(this.log.updates(this.dbref));
    if (this.dbsize < PREFERRED_TRIM_SIZE) return;
    this.log.append(Y.encodeStateAsUpdate(this.doc));
    this.log.deleteBefore(this.dbref);
    this.dbsize = this.log.size;
  }

  /** The rest of fetchUpdates: apply `updates`, then note the last key and the count. */
  private apply(updates: readonly Uint8Array[]): void {
    Y.transact(this.doc, () => updates.forEach((update) => Y.applyUpdate(this.doc, update)), this, false);
    this.dbref = this.log.last + 1;
    this.dbsize = this.log.size;
  }
}
