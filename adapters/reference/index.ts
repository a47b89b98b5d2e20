/**
 * syncbench's own engine (src/engine): a server-authoritative change log with delta sync,
 * field-level last-writer-wins by hybrid logical clock, deletes that win over concurrent
 * updates, and plain text by server-side operational transformation; deployed over WebSocket
 * (`ws` on both sides), like the other engines.
 */
import type { EngineName, SyncAdapter } from '../../src/contract/contract.ts';
import { REFERENCE_OPS } from '../../src/engine/engine-client.ts';
import { TOOL_VERSION } from '../../src/tool-version.ts';
import type { ServerOptions } from '../../src/engine/engine-server.ts';
import { ReferenceClient, ReferenceServer } from './reference-replica.ts';

/** The engine with server options other than the defaults (tests compact more often). */
export function referenceAdapterWith(options: ServerOptions): SyncAdapter {
  return {
    ...referenceAdapter,
    createReplica: (ctx) =>
      ctx.role === 'server' ? new ReferenceServer(ctx, options) : new ReferenceClient(ctx),
  };
}

export const referenceAdapter: SyncAdapter = {
  name: 'reference' as EngineName,
  version: TOOL_VERSION,
  capabilities: {
    ops: REFERENCE_OPS,
    text: 'ot-text',
    records: 'lww-field',
    transports: ['stream'],
    topologies: ['star'],
    partialSync: true,
    async: true,
    framing: 'socket',
    compression: ['none', 'deflate'],
  },
  createReplica: (ctx) => (ctx.role === 'server' ? new ReferenceServer(ctx) : new ReferenceClient(ctx)),
};
