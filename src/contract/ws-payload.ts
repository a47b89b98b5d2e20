/**
 * Payload accounting for stacks built on `ws`: what a library hands `WebSocket.send` is its
 * payload (`ctx.payloadSent`); the frames `ws` writes around it are the framed bytes the socket
 * carries. A stack's WebSocket class extends `ws`'s and calls `reportedSend` from its `send`.
 */
import '../sim/virtual-runtime.ts'; // first: ws keeps node:crypto's random functions from load time
import { WebSocket } from 'ws';
import type { ClientRequestArgs } from 'node:http';
import type { ReplicaContext, ReplicaId } from './contract.ts';
import type { SimSocket } from './sim-socket.ts';

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

/** Makes an existing `ws` socket (one a library created itself) report what is sent on it. */
export function reportSends(ws: WebSocket, report: (bytes: number) => void): void {
  const send = ws.send.bind(ws) as (...args: unknown[]) => void;
  Object.defineProperty(ws, 'send', {
    configurable: true,
    value: (data: unknown, ...rest: unknown[]) => {
      reportedSend(ws, data, report);
      send(data, ...rest);
    },
  });
}

/** A server-side connection that knows the peer on the other end. */
export class PeerWebSocket extends WebSocket {
  peer = '' as ReplicaId;
}

/** The server's WebSocket class: what the library sends on a connection is payload for its peer. */
export function reportingWebSocket(ctx: ReplicaContext): typeof PeerWebSocket {
  return class extends PeerWebSocket {
    override send(data: unknown, ...rest: unknown[]): void {
      reportedSend(this, data, (bytes) => ctx.payloadSent(this.peer, bytes));
      (super.send as (...args: unknown[]) => void)(data, ...rest);
    }
  };
}

/** A WebSocket class a client library constructs itself (`new WebSocket(url)`). */
export type ClientWebSocketClass = new (url: string, protocols?: string | string[]) => WebSocket;

/**
 * A client replica's WebSocket class for a library that opens its own sockets: `ws`, connecting
 * over the replica's simulated sockets (`open`), with masks from its seeded stream `ws-masks`,
 * reporting what the library sends as payload for `server`. `dropErrors`: the socket drops its
 * error events, as a browser's does (an error event nobody listens to ends nothing there; on Node
 * `ws` throws it), for a library that sets no handler.
 */
export function clientWebSocket(
  ctx: ReplicaContext,
  server: ReplicaId,
  open: () => SimSocket,
  dropErrors = false,
): ClientWebSocketClass {
  const masks = ctx.random.fork('ws-masks');
  return class SimulatedWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, {
        createConnection: open as unknown as ClientRequestArgs['createConnection'],
        generateMask: (mask: Buffer) => {
          for (let i = 0; i < mask.length; i++) mask[i] = masks.int(0, 255);
        },
      });
      if (dropErrors) this.on('error', () => {});
    }

    override send(data: unknown, ...rest: unknown[]): void {
      reportedSend(this, data, (bytes) => ctx.payloadSent(server, bytes));
      (super.send as (...args: unknown[]) => void)(data, ...rest);
    }
  };
}
