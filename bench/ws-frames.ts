/**
 * Reads what a real WebSocket stack wrote to one simulated socket write: an HTTP head (the
 * upgrade request or response), or one WebSocket frame (the stacks here write each frame, head
 * and payload, as one write), unmasked. For bench scripts that look inside the framed bytes.
 */

export type SocketWrite =
  | { readonly kind: 'http'; readonly bytes: number }
  | { readonly kind: 'frame'; readonly opcode: number; readonly payload: Uint8Array };

export function readSocketWrite(bytes: Uint8Array): SocketWrite {
  const start = String.fromCharCode(...bytes.subarray(0, 5));
  if (start === 'GET /' || start === 'HTTP/') return { kind: 'http', bytes: bytes.byteLength };
  const opcode = (bytes[0] ?? 0) & 0x0f;
  const masked = ((bytes[1] ?? 0) & 0x80) !== 0;
  let length = (bytes[1] ?? 0) & 0x7f;
  let offset = 2;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (length === 126) {
    length = view.getUint16(2);
    offset = 4;
  } else if (length === 127) {
    length = Number(view.getBigUint64(2));
    offset = 10;
  }
  const mask = masked ? bytes.subarray(offset, offset + 4) : undefined;
  if (mask) offset += 4;
  const payload = bytes.slice(offset, offset + length);
  if (mask) for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] ?? 0) ^ (mask[i % 4] ?? 0);
  return { kind: 'frame', opcode, payload };
}
