/**
 * The Yjs engine on its real deployment stack: y-websocket's `WebsocketProvider` on every client,
 * `@y/websocket-server` on the server, Node's http and `ws` between them over simulated sockets.
 * The sync and awareness messages, the server's echo of each update to its sender, the upgrade
 * handshake, the frames and the 30 s pings are the real ones. Star topology over streams, as
 * y-websocket is deployed (mesh Yjs deploys with y-webrtc, which does not run here).
 */
// First: lib0 (under Yjs) keeps `Date.now` from load time; the virtual runtime's must be the one it keeps.
import '../../src/sim/virtual-runtime.ts';
import type { EngineName, SyncAdapter } from '../../src/contract/contract.ts';
import { YJS_CAPABILITIES, YJS_OPS } from './capabilities.ts';
import { libraryVersion } from '../../src/contract/library-version.ts';
import { YWebsocketClient } from './websocket-client.ts';
import { YWebsocketServer } from './websocket-server.ts';

export const yjsAdapter: SyncAdapter = {
  name: 'yjs' as EngineName,
  version: libraryVersion('yjs'),
  capabilities: YJS_CAPABILITIES,
  createReplica: (ctx) =>
    ctx.role === 'server' ? new YWebsocketServer(ctx) : new YWebsocketClient(ctx, YJS_OPS),
};
