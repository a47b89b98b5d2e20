/**
 * Payload accounting for stacks built on `ws`: what a library hands `WebSocket.send` is its
 * payload (`ctx.payloadSent`); the frames `ws` writes around it are the framed bytes the socket
 * carries. A stack's WebSocket class extends `ws`'s and calls `reportedSend` from its `send`.
 */
import { WebSocket } from 'ws';

/** The byte length of data passed to `ws`'s `send` (a string is sent as UTF-8). */
export function wsPayloadBytes(data: unknown): number {
  if (typeof data === 'string') return Buffer.byteLength(data, 'utf8');
  if (ArrayBuffer.isView(data) || data instanceof ArrayBuffer) return data.byteLength;
  if (Array.isArray(data)) return data.reduce((n: number, part) => n + wsPayloadBytes(part), 0);
  if (typeof data === 'number') return String(data).length;
  throw new TypeError(`unexpected WebSocket payload of type ${typeof data}`);
}

/**
 * Reports `data` as payload when `ws` is open (a send on a closed socket sends nothing), for a
 * `send` override: `send(data, ...rest) { reportedSend(this, data, report); super.send(data, ...rest) }`.
 */
export function reportedSend(ws: WebSocket, data: unknown, report: (bytes: number) => void): void {
  if (ws.readyState === WebSocket.OPEN) report(wsPayloadBytes(data));
}
