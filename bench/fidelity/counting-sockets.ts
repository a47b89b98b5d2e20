/**
 * How a loopback harness counts payload: a browser-like client WebSocket (`ws`, its error events
 * dropped as a browser's are) adding what the library sends to `payload.up`, and a server-side
 * connection whose sends add to `payload.down`. Only what is handed to an open socket counts,
 * as in the simulator (`src/contract/ws-payload.ts`).
 */
import { WebSocket } from 'ws';
import { wsPayloadBytes } from '../../src/contract/ws-payload.ts';
import type { Directed } from './directed.ts';

/** The client WebSocket class counting into `payload.up`. */
export function countingClientSocket(
  payload: Directed,
): new (url: string, protocols?: string | string[]) => WebSocket {
  return class CountingWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      this.on('error', () => {}); // a browser's: an error nobody listens to ends nothing
    }

    override send(data: unknown, ...rest: unknown[]): void {
      if (this.readyState === WebSocket.OPEN) payload.up += wsPayloadBytes(data);
      (WebSocket.prototype.send as (...args: unknown[]) => void).call(this, data, ...rest);
    }
  };
}

/** Makes a server-side connection count what it sends into `payload.down`. */
export function countDown(conn: WebSocket, payload: Directed): void {
  const send = conn.send.bind(conn) as (...args: unknown[]) => void;
  (conn as unknown as { send: typeof send }).send = (data: unknown, ...rest: unknown[]) => {
    if (conn.readyState === WebSocket.OPEN) payload.down += wsPayloadBytes(data);
    send(data, ...rest);
  };
}
