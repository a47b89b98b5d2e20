/**
 * automerge-repo's storage adapter interface over a replica's durable storage, as its NodeFS and
 * IndexedDB adapters implement it: chunks by key path, ranges by key prefix. automerge-repo's own
 * storage subsystem decides what to write (incremental changes, compacted snapshots, sync states).
 */
import type { Chunk, StorageAdapterInterface, StorageKey } from '@automerge/automerge-repo/slim';
import type { DurableStorage } from '../../src/contract/contract.ts';

const SEPARATOR = '/';

export class DurableStorageAdapter implements StorageAdapterInterface {
  private closed = false;

  constructor(private readonly storage: DurableStorage) {}

  /** The process is gone (a crash, the end): writes still queued in the library go nowhere. */
  close(): void {
    this.closed = true;
  }

  /** What is stored under `prefix`, in key order, read at once. */
  chunksUnder(prefix: StorageKey): Uint8Array[] {
    return this.keysUnder(prefix).flatMap((name) => this.storage.get(name) ?? []);
  }

  /** Whether anything is stored under `prefix`. */
  has(prefix: StorageKey): boolean {
    return this.keysUnder(prefix).length > 0;
  }

  load(key: StorageKey): Promise<Uint8Array | undefined> {
    return Promise.resolve(this.storage.get(key.join(SEPARATOR)));
  }

  save(key: StorageKey, data: Uint8Array): Promise<void> {
    if (!this.closed) this.storage.set(key.join(SEPARATOR), data.slice());
    return Promise.resolve();
  }

  remove(key: StorageKey): Promise<void> {
    if (!this.closed) this.storage.delete(key.join(SEPARATOR));
    return Promise.resolve();
  }

  loadRange(keyPrefix: StorageKey): Promise<Chunk[]> {
    return Promise.resolve(
      this.keysUnder(keyPrefix).map((name) => ({ key: name.split(SEPARATOR), data: this.storage.get(name) })),
    );
  }

  removeRange(keyPrefix: StorageKey): Promise<void> {
    if (!this.closed) for (const name of this.keysUnder(keyPrefix)) this.storage.delete(name);
    return Promise.resolve();
  }

  /** Storage keys at or under `prefix`, in a fixed order. */
  private keysUnder(prefix: StorageKey): string[] {
    const head = prefix.join(SEPARATOR);
    return this.storage
      .keys()
      .filter((name) => prefix.length === 0 || name === head || name.startsWith(head + SEPARATOR))
      .sort();
  }
}
