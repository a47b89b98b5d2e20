/**
 * Yjs on its real deployment stack (issue 15, in progress; not registered yet): y-websocket's
 * provider on every client, `@y/websocket-server` on the server, Node's http and `ws` between
 * them over simulated sockets, so the echoes, awareness, frames and handshakes are the real ones.
 */
import '../../src/sim/virtual-runtime.ts';
import type { EngineName, OpKind, SyncAdapter } from '../../src/contract/contract.ts';
import { libraryVersion } from '../../src/contract/library-version.ts';
import { YWebsocketClient } from './websocket-client.ts';
import { YWebsocketServer } from './websocket-server.ts';

const ops: readonly OpKind[] = ['create', 'update', 'delete', 'textInsert', 'textDelete', 'upgradeSchema'];

export const yjsWebsocketAdapter: SyncAdapter = {
  name: 'yjs-websocket' as EngineName,
  version: libraryVersion('yjs'),
  capabilities: {
    ops,
    text: 'crdt-text',
    records: 'lww-field',
    transports: ['stream'],
    topologies: ['star'],
    partialSync: false,
    async: true,
    framing: 'socket',
  },
  createReplica: (ctx) =>
    ctx.role === 'server' ? new YWebsocketServer(ctx) : new YWebsocketClient(ctx, ops),
};
