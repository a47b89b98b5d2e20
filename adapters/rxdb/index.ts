/**
 * The RxDB engine on its real deployment stack: clients with an RxDatabase (memory storage)
 * replicating one collection with the `replication-websocket` plugin to the plugin's server over
 * an RxDatabase of its own, in a star over simulated sockets. Conflicts resolve with RxDB's
 * default handler (the server's state wins, per document).
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
    needsFreshProcess:
      "RxDB's now() never returns less than its previous value in the process, and its memory storage, module counter and collection limit are process-wide",
    framing: 'socket',
    compression: ['none', 'deflate'],
    maxReplicas: {
      count: NON_PREMIUM_COLLECTION_LIMIT - 1,
      reason: `the free RxDB opens at most ${NON_PREMIUM_COLLECTION_LIMIT} collections per process (error COL23 beyond), and the server and each client hold one`,
    },
  },
  createReplica: (ctx) => (ctx.role === 'server' ? new RxdbServer(ctx) : new RxdbClient(ctx, ops)),
};
