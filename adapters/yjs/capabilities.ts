/**
 * What Yjs can do on either of its stacks (y-websocket as `yjs`, Hocuspocus as `hocuspocus`):
 * the same documents, so the same capabilities.
 */
import type { Capabilities, OpKind } from '../../src/contract/contract.ts';

export const YJS_OPS: readonly OpKind[] = [
  'create',
  'update',
  'delete',
  'textInsert',
  'textDelete',
  'upgradeSchema',
];

export const YJS_CAPABILITIES: Capabilities = {
  ops: YJS_OPS,
  text: 'crdt-text',
  records: 'lww-field',
  transports: ['stream'],
  topologies: ['star'],
  partialSync: false,
  async: true,
  framing: 'socket',
  compression: ['none', 'deflate'],
};
