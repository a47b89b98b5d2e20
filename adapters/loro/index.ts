/**
 * Loro (`loro-crdt`, Rust compiled to WebAssembly) on its own sync stack: `loro-websocket`'s
 * client on every replica and its `SimpleServer` on the server, speaking `loro-protocol`, with
 * Node's http and `ws` between them over simulated sockets. Records are LoroMaps (last writer
 * wins per field), texts LoroTexts (Fugue, a text CRDT).
 */
// First: the virtual runtime's clock and random streams must be the ones the libraries keep.
import '../../src/sim/virtual-runtime.ts';
import type { Capabilities, EngineName, OpKind, SyncAdapter } from '../../src/contract/contract.ts';
import { libraryVersion } from '../../src/contract/library-version.ts';
import { LoroClient } from './loro-client.ts';
import { LoroServer } from './loro-server.ts';

const LORO_OPS: readonly OpKind[] = [
  'create',
  'update',
  'delete',
  'textInsert',
  'textDelete',
  'upgradeSchema',
];

const LORO_CAPABILITIES: Capabilities = {
  ops: LORO_OPS,
  text: 'crdt-text',
  records: 'lww-field',
  transports: ['stream'],
  topologies: ['star'],
  partialSync: false,
  async: true,
  framing: 'socket',
  compression: ['none', 'deflate'],
};

export const loroAdapter: SyncAdapter = {
  name: 'loro' as EngineName,
  version: libraryVersion('loro-crdt'),
  capabilities: LORO_CAPABILITIES,
  createReplica: (ctx) => (ctx.role === 'server' ? new LoroServer(ctx) : new LoroClient(ctx, LORO_OPS)),
};
