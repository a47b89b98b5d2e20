/**
 * The y-websocket wire format, built on y-protocols/sync:
 *
 *   message  = varUint(0 = messageSync) syncMessage
 *   syncMessage = varUint(0 = step1) varUint8Array(stateVector)
 *               | varUint(1 = step2) varUint8Array(update)      // what the peer lacks
 *               | varUint(2 = update) varUint8Array(update)     // a live change
 *
 * On connect both sides send step 1; each answers the other's step 1 with step 2.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as sync from 'y-protocols/sync';
import type * as Y from 'yjs';

const MESSAGE_SYNC = 0;

/** A step-1 message announcing `doc`'s state vector. */
export function syncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  sync.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

/** An update message carrying `update`. */
export function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  sync.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/**
 * Applies an incoming message to `doc` with `origin` as transaction origin; returns the reply
 * (step 2 for a step 1), or undefined when none is due. Unknown message types are ignored, as
 * y-websocket does.
 */
export function handleMessage(doc: Y.Doc, bytes: Uint8Array, origin: string): Uint8Array | undefined {
  const decoder = decoding.createDecoder(bytes);
  if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return undefined;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  sync.readSyncMessage(decoder, encoder, doc, origin);
  return encoding.length(encoder) > 1 ? encoding.toUint8Array(encoder) : undefined;
}
