/**
 * The PouchDB engine: clients with a local PouchDB replicating live with a CouchDB-compatible
 * server over HTTP/1.1 on the simulated stream transport, in a star. Records merge per document
 * through PouchDB's revision trees; a text is one value, so concurrent edits keep one winner.
 */
import type { EngineName, SyncAdapter } from '../../src/contract/contract.ts';
import { POUCHDB_OPS } from './local-store.ts';
import { libraryVersion } from '../../src/contract/library-version.ts';
import { PouchdbClient } from './pouchdb-client.ts';
import { PouchdbServer } from './pouchdb-server.ts';

export const pouchdbAdapter: SyncAdapter = {
  name: 'pouchdb' as EngineName,
  version: libraryVersion('pouchdb-core'),
  capabilities: {
    ops: POUCHDB_OPS,
    text: 'lww-value',
    records: 'revision-tree',
    transports: ['stream'],
    topologies: ['star'],
    partialSync: true,
    async: true,
    compressionReason:
      "its HTTP stack here (syncbench's CouchDB-compatible handler) does not gzip yet; runs under --compression none only",
  },
  createReplica: (ctx) => (ctx.role === 'server' ? new PouchdbServer(ctx) : new PouchdbClient(ctx)),
};
