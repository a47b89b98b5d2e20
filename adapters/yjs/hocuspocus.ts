/**
 * Yjs on Hocuspocus, the most deployed Yjs server (Tiptap's): the same CRDT and document model
 * as the `yjs` engine, a different stack. `@hocuspocus/provider` on every client,
 * `@hocuspocus/server` with its Database extension on the server, Node's http and `ws` between
 * them over simulated sockets. Hocuspocus 3.4: its 4.x line needs Node 22, and syncbench runs on
 * Node 20.
 */
// First: lib0 (under Yjs) keeps `Date.now` from load time; the virtual runtime's must be the one it keeps.
import '../../src/sim/virtual-runtime.ts';
import type { EngineName, SyncAdapter } from '../../src/contract/contract.ts';
import { YJS_CAPABILITIES, YJS_OPS } from './capabilities.ts';
import { libraryVersion } from '../../src/contract/library-version.ts';
import { HocuspocusClient } from './hocuspocus-client.ts';
import { HocuspocusServer } from './hocuspocus-server.ts';

export const hocuspocusAdapter: SyncAdapter = {
  name: 'hocuspocus' as EngineName,
  version: libraryVersion('@hocuspocus/server'),
  capabilities: YJS_CAPABILITIES,
  createReplica: (ctx) =>
    ctx.role === 'server' ? new HocuspocusServer(ctx) : new HocuspocusClient(ctx, YJS_OPS),
};
