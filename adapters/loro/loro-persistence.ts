/**
 * A Loro client's storage as Loro's persistence guide lays it out
 * (https://loro.dev/docs/tutorial/persistence; Loro ships no storage provider of its own): a
 * snapshot now and then, and every change since as an update written at once. At open the
 * snapshot and every stored update are imported, then a new snapshot replaces them and the
 * updates are deleted. After every commit and every import, the ops the store does not hold yet
 * are written as one update (an `update` export from the stored version), so a crash loses
 * nothing a replica had.
 */
import type { LoroDoc, VersionVector } from 'loro-crdt';
import type { DurableStorage } from '../../src/contract/contract.ts';
import { UpdateLog } from '../../src/contract/update-log.ts';

const SNAPSHOT_KEY = 'loro/snapshot';

export class LoroPersistence {
  private readonly log: UpdateLog;
  /** The ops the store holds. */
  private stored: VersionVector;

  constructor(
    storage: DurableStorage,
    private readonly doc: LoroDoc,
  ) {
    this.log = new UpdateLog(storage, 0, 'loro/update/');
    const snapshot = storage.get(SNAPSHOT_KEY);
    if (snapshot) doc.import(snapshot);
    const updates = this.log.updates();
    if (updates.length > 0) {
      doc.importBatch(updates);
      storage.set(SNAPSHOT_KEY, doc.export({ mode: 'snapshot' }));
      this.log.deleteBefore(this.log.last + 1);
    }
    this.stored = doc.oplogVersion();
    doc.subscribe(() => this.save());
  }

  private save(): void {
    const version = this.doc.oplogVersion();
    if (version.compare(this.stored) === 0) return;
    this.log.append(this.doc.export({ mode: 'update', from: this.stored }));
    this.stored = version;
  }
}
