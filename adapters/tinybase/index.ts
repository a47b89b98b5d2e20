/**
 * TinyBase 10: a reactive store whose MergeableStore (every cell and value stamped with a hybrid
 * logical clock) syncs with TinyBase's own synchronizer protocol: its `WsSynchronizer` on every
 * client over reconnecting-websocket, its `WsServer` on the server, Node's http and `ws` between
 * them over simulated sockets. Records are rows (last stamp wins per cell); a text is one value.
 */
// First: TinyBase keeps `Math.random` from load time; the virtual runtime's must be the one it keeps.
import '../../src/sim/virtual-runtime.ts';
import type { Capabilities, EngineName, OpKind, SyncAdapter } from '../../src/contract/contract.ts';
import { libraryVersion } from '../../src/contract/library-version.ts';
import { TinyBaseClient } from './tinybase-client.ts';
import { TinyBaseServer } from './tinybase-server.ts';

const TINYBASE_OPS: readonly OpKind[] = [
  'create',
  'update',
  'delete',
  'textInsert',
  'textDelete',
  'upgradeSchema',
];

const TINYBASE_CAPABILITIES: Capabilities = {
  ops: TINYBASE_OPS,
  text: 'lww-value',
  records: 'lww-field',
  transports: ['stream'],
  topologies: ['star'],
  partialSync: false,
  async: true,
  framing: 'socket',
  compression: ['none', 'deflate'],
};

export const tinybaseAdapter: SyncAdapter = {
  name: 'tinybase' as EngineName,
  version: libraryVersion('tinybase'),
  capabilities: TINYBASE_CAPABILITIES,
  createReplica: (ctx) =>
    ctx.role === 'server' ? new TinyBaseServer(ctx) : new TinyBaseClient(ctx, TINYBASE_OPS),
};
