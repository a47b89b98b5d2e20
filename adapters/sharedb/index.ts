/**
 * ShareDB 7, the server-authoritative operational-transform engine: ShareDB's client
 * `Connection` over reconnecting-websocket on every client, its `Backend` on the server with a
 * database committing to durable storage, Node's http and `ws` between them over simulated
 * sockets. Records are json0 documents (the server's last applied write wins per field); texts
 * are json0 strings, transformed by the server.
 */
// First: the virtual runtime's clock and random streams must be the ones the libraries keep.
import '../../src/sim/virtual-runtime.ts';
import type { Capabilities, EngineName, OpKind, SyncAdapter } from '../../src/contract/contract.ts';
import ShareDB from 'sharedb';
import { libraryVersion } from '../../src/contract/library-version.ts';
import { ShareDbClient } from './sharedb-client.ts';
import { ShareDbServer } from './sharedb-server.ts';

// ShareDB logs through one process-wide logger, to the console by default: a rejected submit's
// stack at `info` (the client hears of the rejection itself), and its warnings and errors.
// A run's replicas log what they see through their own context instead.
ShareDB.logger.setMethods({ info: () => {}, warn: () => {}, error: () => {} });

const SHAREDB_OPS: readonly OpKind[] = [
  'create',
  'update',
  'delete',
  'textInsert',
  'textDelete',
  'upgradeSchema',
];

const SHAREDB_CAPABILITIES: Capabilities = {
  ops: SHAREDB_OPS,
  text: 'ot-text',
  records: 'lww-field',
  transports: ['stream'],
  topologies: ['star'],
  partialSync: false,
  async: true,
  framing: 'socket',
  compression: ['none', 'deflate'],
};

export const sharedbAdapter: SyncAdapter = {
  name: 'sharedb' as EngineName,
  version: libraryVersion('sharedb'),
  capabilities: SHAREDB_CAPABILITIES,
  createReplica: (ctx) =>
    ctx.role === 'server' ? new ShareDbServer(ctx) : new ShareDbClient(ctx, SHAREDB_OPS),
};
