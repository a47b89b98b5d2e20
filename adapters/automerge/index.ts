/**
 * The Automerge engine: one Automerge document per replica, synced with Automerge's own sync
 * protocol over reliable streams, in star (a sync server as automerge-repo runs) and mesh.
 */
import { libraryVersion } from '../../src/contract/library-version.ts';
import type { EngineName, OpKind, SyncAdapter } from '../../src/contract/contract.ts';
import { AutomergeReplica } from './automerge-replica.ts';

const version = libraryVersion('@automerge/automerge');

const ops: readonly OpKind[] = ['create', 'update', 'delete', 'textInsert', 'textDelete', 'upgradeSchema'];

export const automergeAdapter: SyncAdapter = {
  name: 'automerge' as EngineName,
  version,
  capabilities: {
    ops,
    text: 'crdt-text',
    records: 'lww-field',
    transports: ['stream'],
    topologies: ['star', 'mesh'],
    partialSync: false,
    async: false,
  },
  createReplica: (ctx) => new AutomergeReplica(ctx, ops),
};
