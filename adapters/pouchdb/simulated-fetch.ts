/**
 * The `fetch` a client's PouchDB uses to reach the server: each call becomes an HTTP/1.1 request
 * on the simulated transport, and resolves when the response arrives. While the connection is
 * down a call fails at once, and a connection that drops fails every call in flight, as a real
 * fetch does (`TypeError: fetch failed`); an aborted call rejects with the `AbortError` PouchDB
 * expects when it cancels a long poll.
 */
import type { HttpResponse } from './http-wire.ts';
import { decodeResponse, encodeRequest } from './http-wire.ts';

/** What a browser or Node's fetch adds to every request besides PouchDB's own headers. */
const CLIENT_HEADERS: readonly (readonly [string, string])[] = [
  ['Connection', 'keep-alive'],
  ['User-Agent', 'node'],
];

interface Pending {
  readonly what: string;
  readonly resolve: (response: Response) => void;
  readonly reject: (error: Error) => void;
}

export class SimulatedFetch {
  private nextExchange = 0;
  private readonly pending = new Map<number, Pending>();
  private up = false;

  constructor(
    private readonly host: string,
    private readonly send: (bytes: Uint8Array) => void,
  ) {}

  /** The function handed to PouchDB as its `fetch` option. */
  readonly fetch = (url: string, init: RequestInit = {}): Promise<Response> => {
    if (!this.up) return Promise.reject(new TypeError('fetch failed: not connected'));
    const signal = init.signal;
    if (signal?.aborted) return Promise.reject(abortError());
    const exchange = this.nextExchange++;
    const target = new URL(url);
    const headers: (readonly [string, string])[] = [['Host', this.host], ...CLIENT_HEADERS];
    new Headers(init.headers).forEach((value, key) => headers.push([key, value]));
    const method = init.method ?? 'GET';
    const body = typeof init.body === 'string' && method !== 'GET' ? init.body : '';
    return new Promise<Response>((resolve, reject) => {
      const onAbort = (): void => this.pending.get(exchange)?.reject(abortError());
      const settle = (): void => {
        this.pending.delete(exchange);
        signal?.removeEventListener('abort', onAbort);
      };
      this.pending.set(exchange, {
        what: `${method} ${target.pathname}`,
        resolve: (r) => (settle(), resolve(r)),
        reject: (e) => (settle(), reject(e)),
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      this.send(encodeRequest(exchange, { method, target: target.pathname + target.search, headers, body }));
    });
  };

  /** Hands a response to the call waiting for it. */
  receive(bytes: Uint8Array): void {
    const { exchange, response } = decodeResponse(bytes);
    this.pending.get(exchange)?.resolve(toResponse(response));
  }

  connected(): void {
    this.up = true;
  }

  /** The connection dropped: every call in flight fails. */
  disconnected(): void {
    this.up = false;
    for (const call of [...this.pending.values()])
      call.reject(new TypeError(`fetch failed: connection reset (${call.what})`));
  }

  /** Calls still waiting for a response. */
  get inFlight(): number {
    return this.pending.size;
  }
}

function toResponse(response: HttpResponse): Response {
  return new Response(response.body, {
    status: response.status,
    headers: response.headers.map(([k, v]) => [k, v]),
  });
}

function abortError(): Error {
  return new DOMException('The operation was aborted.', 'AbortError');
}
