/**
 * The PouchDB engine: clients with a local PouchDB replicating live, through PouchDB's own HTTP
 * adapter and fetch, with `express-pouchdb` (pouchdb-server's HTTP layer) over HTTP/1.1 on
 * simulated sockets, in a star. Records merge per document through PouchDB's revision trees; a
 * text is one value, so concurrent edits keep one winner. Clients sync everything: the server does
 * not serve the selector-filtered changes feed PouchDB asks for a slice.
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
    // PouchDB pulls a slice with a Mango selector (`_changes?filter=_selector`), which CouchDB
    // serves and express-pouchdb 4.2 does not: it looks for a design document `_selector` and
    // answers 404 `missing`, so the filtered pull fails (test/fidelity/pouchdb-loopback.test.ts).
    partialSync: false,
    async: true,
    framing: 'socket',
    // Under deflate express-pouchdb gzips responses (its `compression` middleware, as deployed by
    // default); PouchDB's requests go uncompressed, as its fetch sends them.
    compression: ['none', 'deflate'],
  },
  createReplica: (ctx) => (ctx.role === 'server' ? new PouchdbServer(ctx) : new PouchdbClient(ctx)),
};
