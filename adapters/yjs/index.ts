/**
 * The Yjs engine: Y.Doc replicas syncing with the y-protocols messages over the simulated
 * network, in star (a relay server as y-websocket runs) and mesh topologies.
 */
// First: lib0 (under Yjs) keeps `Date.now` from load time; the virtual runtime's must be the one it keeps.
import '../../src/sim/virtual-runtime.ts';
import { libraryVersion } from '../../src/contract/library-version.ts';
import type { EngineName, OpKind, SyncAdapter } from '../../src/contract/contract.ts';
import { YjsReplica } from './yjs-replica.ts';

const version = libraryVersion('yjs');

const ops: readonly OpKind[] = ['create', 'update', 'delete', 'textInsert', 'textDelete', 'upgradeSchema'];

export const yjsAdapter: SyncAdapter = {
  name: 'yjs' as EngineName,
  version,
  capabilities: {
    ops,
    text: 'crdt-text',
    records: 'lww-field',
    transports: ['stream', 'datagram'],
    topologies: ['star', 'mesh'],
    partialSync: false,
    async: false,
  },
  createReplica: (ctx) => new YjsReplica(ctx, ops),
};
