/**
 * The Automerge engine on its real deployment stack: automerge-repo `Repo`s with its WebSocket network adapters (clients open their own connections
 * from the server's URL; the server is a sync server on `ws`) and its storage subsystem over each
 * replica's durable storage. The CBOR envelopes, the join/peer handshake, the per-document sync
 * throttle, the server's 5 s pings, the upgrade handshake and the frames are the real ones.
 */
// First: the virtual runtime must own the clock and random functions the libraries keep at load.
import '../../src/sim/virtual-runtime.ts';
import type { EngineName, OpKind, SyncAdapter } from '../../src/contract/contract.ts';
import { libraryVersion } from '../../src/contract/library-version.ts';
import { AutomergeRepoClient } from './repo-client.ts';
import { AutomergeRepoServer } from './repo-server.ts';
import { explainingAborts, watchForAborts } from './wasm-abort.ts';

const ops: readonly OpKind[] = ['create', 'update', 'delete', 'textInsert', 'textDelete', 'upgradeSchema'];

export const automergeAdapter: SyncAdapter = {
  name: 'automerge' as EngineName,
  version: libraryVersion('@automerge/automerge'),
  capabilities: {
    ops,
    text: 'crdt-text',
    records: 'lww-field',
    transports: ['stream'],
    topologies: ['star'],
    partialSync: false,
    async: true,
    framing: 'socket',
    compression: ['none', 'deflate'],
  },
  createReplica: (ctx) => {
    watchForAborts();
    return explainingAborts(
      ctx.role === 'server' ? new AutomergeRepoServer(ctx) : new AutomergeRepoClient(ctx, ops),
    );
  },
};
