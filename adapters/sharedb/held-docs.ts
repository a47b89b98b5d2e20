/**
 * Which records a ShareDB client holds, as its app lists them: the results of its subscribe
 * query on each collection (the server keeps them, and forwards the ops of the documents in
 * them), and the documents it has changed itself and not yet seen answered: with ops pending or
 * in flight, or created and acknowledged before the query has answered since. A `Doc` object
 * outside its query's results is not subscribed: one the client created, that another deleted
 * before the query listed it, keeps its last data in memory, and the app no longer lists it.
 */
import type { Connection, Doc, Query } from 'sharedb/lib/client/index.js';
import type { DocSource } from './sharedb-model.ts';
import { TEXTS } from './sharedb-model.ts';

export class HeldDocs implements DocSource {
  private readonly queries = new Map<string, Query>();
  /** Each query's results by id, rebuilt after it changes. */
  private readonly results = new Map<string, Set<string> | undefined>();
  /** `collection/id` of local creates the query has not answered since their acknowledgement. */
  private readonly awaiting = new Set<string>();
  /** Those of `awaiting` the server has acknowledged. */
  private readonly acknowledged = new Set<string>();

  constructor(private readonly connection: Connection) {}

  /** Lists `collection` by `query`'s results. */
  watch(collection: string, query: Query): void {
    this.queries.set(collection, query);
    const changed = (): void => {
      this.results.set(collection, undefined);
      for (const key of this.acknowledged)
        if (key.startsWith(`${collection}/`)) {
          this.acknowledged.delete(key);
          this.awaiting.delete(key);
        }
    };
    for (const event of ['ready', 'insert', 'remove', 'changed'] as const) query.on(event, changed);
  }

  /** A local create of `collection/id`; `acknowledged` is called when the server has it. */
  created(collection: string, id: string): () => void {
    const key = `${collection}/${id}`;
    this.awaiting.add(key);
    return () => {
      if (this.awaiting.has(key)) this.acknowledged.add(key);
    };
  }

  data(collection: string, id: string): unknown {
    const doc = this.doc(collection, id);
    return doc && this.holds(collection, doc) ? doc.data : undefined;
  }

  ids(collection: string): readonly string[] {
    const docs = this.connection.collections[collection] ?? {};
    return Object.keys(docs)
      .filter((id) => this.holds(collection, docs[id]!))
      .sort();
  }

  private doc(collection: string, id: string): Doc | undefined {
    return this.connection.collections[collection]?.[id];
  }

  private holds(collection: string, doc: Doc): boolean {
    if (!doc.type) return false;
    if (collection === TEXTS || doc.hasPending() || this.awaiting.has(`${collection}/${doc.id}`)) return true;
    return this.resultIds(collection).has(doc.id);
  }

  private resultIds(collection: string): Set<string> {
    let ids = this.results.get(collection);
    if (ids === undefined) {
      ids = new Set((this.queries.get(collection)?.results ?? []).map((doc) => doc.id));
      this.results.set(collection, ids);
    }
    return ids;
  }
}
