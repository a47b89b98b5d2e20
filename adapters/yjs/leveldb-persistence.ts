/**
 * A y-websocket server's storage as y-leveldb (0.1) keeps it under `@y/websocket-server`'s own
 * persistence (its `bindState`), statement for statement, on the replica's durable storage: each
 * update is appended at the next clock (a document's first also writes its state vector); only
 * loading a document that holds more than 500 updates merges them (the whole state at the next
 * clock, the state vector, the older updates deleted). `test/adapters/yjs-persistence.test.ts`
 * runs the real y-leveldb on LevelDB and compares what each stores.
 *
 * One difference, on purpose: y-leveldb loads asynchronously, so a deployed server may answer a
 * client's first message before the stored document is in; here it loads at once.
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import type { DurableStorage } from '../../src/contract/contract.ts';
import { UpdateLog } from '../../src/contract/update-log.ts';

/** y-leveldb's PREFERRED_TRIM_SIZE. */
export const PREFERRED_TRIM_SIZE = 500;
const STATE_VECTOR_KEY = 'yjs-state-vector';

export class LeveldbPersistence {
  private readonly log: UpdateLog;

  constructor(private readonly storage: DurableStorage) {
    this.log = new UpdateLog(storage);
  }

  /** `@y/websocket-server`'s `bindState` with y-leveldb: load, store the doc's state, then every update. */
  bind(doc: Y.Doc): void {
    const persisted = this.getYDoc();
    this.storeUpdate(Y.encodeStateAsUpdate(doc));
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(persisted));
    doc.on('update', (update: Uint8Array) => this.storeUpdate(update));
  }

  /** The stored document (`getYDoc`), merged in storage first when it holds more than 500 updates. */
  getYDoc(): Y.Doc {
    const doc = this.read();
    if (this.log.size > PREFERRED_TRIM_SIZE) {
      const clock = this.storeUpdate(Y.encodeStateAsUpdate(doc));
      this.writeStateVector(Y.encodeStateVector(doc), clock);
      this.log.deleteBefore(clock);
    }
    return doc;
  }

  /** The stored document, read without writing anything (for the harness's checks). */
  read(): Y.Doc {
    const doc = new Y.Doc();
    doc.transact(() => {
      for (const update of this.log.updates()) Y.applyUpdate(doc, update);
    });
    return doc;
  }

  private storeUpdate(update: Uint8Array): number {
    if (this.log.last === -1) {
      // y-leveldb makes sure a state vector is always written, so documents can be listed.
      const doc = new Y.Doc();
      Y.applyUpdate(doc, update);
      this.writeStateVector(Y.encodeStateVector(doc), 0);
    }
    return this.log.append(update);
  }

  private writeStateVector(sv: Uint8Array, clock: number): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarUint8Array(encoder, sv);
    this.storage.set(STATE_VECTOR_KEY, encoding.toUint8Array(encoder));
  }
}
