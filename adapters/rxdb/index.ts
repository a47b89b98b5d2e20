/**
 * The RxDB engine: clients with an RxDatabase (memory storage) replicating one collection with
 * RxDB's replication protocol to a server that implements it, in a star over reliable streams.
 * Conflicts resolve with RxDB's default handler (the server's state wins, per document).
 */
import { NON_PREMIUM_COLLECTION_LIMIT } from 'rxdb/plugins/utils';
import type { EngineName, OpKind, SyncAdapter } from '../../src/contract/contract.ts';
import { libraryVersion } from '../../src/contract/library-version.ts';
import { RxdbClient } from './rxdb-client.ts';
import { RxdbServer } from './rxdb-server.ts';

const ops: readonly OpKind[] = ['create', 'update', 'delete', 'textInsert', 'textDelete', 'upgradeSchema'];

export const rxdbAdapter: SyncAdapter = {
  name: 'rxdb' as EngineName,
  version: libraryVersion('rxdb'),
  capabilities: {
    ops,
    text: 'lww-value',
    records: 'server-wins-document',
    transports: ['stream'],
    topologies: ['star'],
    partialSync: false,
    async: true,
    maxReplicas: {
      count: NON_PREMIUM_COLLECTION_LIMIT,
      reason: `the free RxDB opens at most ${NON_PREMIUM_COLLECTION_LIMIT} collections per process (error COL23 beyond), and each client holds one`,
    },
  },
  createReplica: (ctx) => (ctx.role === 'server' ? new RxdbServer(ctx) : new RxdbClient(ctx, ops)),
};
