/**
 * Durable storage of an Automerge document the way automerge-repo's storage subsystem keeps it:
 * every change is appended as an incremental chunk (`saveIncremental`), and once the chunks
 * together outgrow the last full snapshot they are replaced by a new `save`.
 */
import * as A from '@automerge/automerge';
import type { DurableStorage } from '../../src/contract/contract.ts';

const SNAPSHOT_KEY = 'snapshot';
const CHUNK_PREFIX = 'incremental:';

export class AutomergePersistence {
  private chunks: number;
  private chunkBytes = 0;

  constructor(private readonly storage: DurableStorage) {
    const chunkKeys = storage.keys().filter((k) => k.startsWith(CHUNK_PREFIX));
    this.chunks = chunkKeys.length;
    for (const key of chunkKeys) this.chunkBytes += storage.get(key)?.byteLength ?? 0;
  }

  /** Whether anything was ever stored. */
  get empty(): boolean {
    return this.storage.get(SNAPSHOT_KEY) === undefined;
  }

  /** The stored document: the snapshot followed by every chunk in the order written. */
  load<T>(actor: string): A.Doc<T> {
    const snapshot = this.storage.get(SNAPSHOT_KEY);
    if (!snapshot) throw new Error('nothing stored');
    let doc = A.load<T>(snapshot, { actor });
    for (let i = 0; i < this.chunks; i++) {
      const chunk = this.storage.get(`${CHUNK_PREFIX}${i}`);
      if (chunk) doc = A.loadIncremental(doc, chunk);
    }
    return doc;
  }

  /** Writes a full snapshot and drops the chunks it covers. */
  snapshot<T>(doc: A.Doc<T>): void {
    this.storage.set(SNAPSHOT_KEY, A.save(doc));
    for (let i = 0; i < this.chunks; i++) this.storage.delete(`${CHUNK_PREFIX}${i}`);
    this.chunks = 0;
    this.chunkBytes = 0;
  }

  /** Appends what changed since the last save; compacts when the chunks outgrow the snapshot. */
  append<T>(doc: A.Doc<T>): void {
    const chunk = A.saveIncremental(doc);
    if (chunk.byteLength === 0) return;
    this.storage.set(`${CHUNK_PREFIX}${this.chunks++}`, chunk);
    this.chunkBytes += chunk.byteLength;
    if (this.chunkBytes > (this.storage.get(SNAPSHOT_KEY)?.byteLength ?? 0)) this.snapshot(doc);
  }
}
