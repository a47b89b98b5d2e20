/**
 * HTTP/1.1 messages as they cross the wire between a PouchDB client and the CouchDB-compatible
 * server: request line or status line, headers, blank line, body. Each message is preceded by a
 * varint exchange number that pairs a response with its request; it stands in for the TCP
 * connection a browser would use for each concurrent request, and costs 1–3 bytes.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export interface HttpRequest {
  readonly method: string;
  /** Path and query, e.g. `/db/_changes?since=0`. */
  readonly target: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string;
}

const REASONS: Readonly<Record<number, string>> = {
  200: 'OK',
  201: 'Created',
  400: 'Bad Request',
  404: 'Object Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  500: 'Internal Server Error',
};

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function frame(exchange: number, head: string, headers: HttpRequest['headers'], body: string): Uint8Array {
  const bodyBytes = encoder.encode(body);
  const lines = [head, ...headers.map(([k, v]) => `${k}: ${v}`), `Content-Length: ${bodyBytes.byteLength}`];
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, exchange);
  encoding.writeUint8Array(e, encoder.encode(`${lines.join('\r\n')}\r\n\r\n`));
  encoding.writeUint8Array(e, bodyBytes);
  return encoding.toUint8Array(e);
}

function unframe(bytes: Uint8Array): {
  exchange: number;
  head: string;
  headers: [string, string][];
  body: string;
} {
  const d = decoding.createDecoder(bytes);
  const exchange = decoding.readVarUint(d);
  const text = decoder.decode(bytes.subarray(d.pos));
  const split = text.indexOf('\r\n\r\n');
  const [head = '', ...lines] = text.slice(0, split).split('\r\n');
  const headers = lines.map((line): [string, string] => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon), line.slice(colon + 1).trim()];
  });
  return {
    exchange,
    head,
    headers: headers.filter(([k]) => k !== 'Content-Length'),
    body: text.slice(split + 4),
  };
}

export function encodeRequest(exchange: number, request: HttpRequest): Uint8Array {
  return frame(exchange, `${request.method} ${request.target} HTTP/1.1`, request.headers, request.body);
}

export function decodeRequest(bytes: Uint8Array): { exchange: number; request: HttpRequest } {
  const { exchange, head, headers, body } = unframe(bytes);
  const [method = 'GET', target = '/'] = head.split(' ');
  return { exchange, request: { method, target, headers, body } };
}

export function encodeResponse(exchange: number, response: HttpResponse): Uint8Array {
  const reason = REASONS[response.status] ?? 'Unknown';
  return frame(exchange, `HTTP/1.1 ${response.status} ${reason}`, response.headers, response.body);
}

export function decodeResponse(bytes: Uint8Array): { exchange: number; response: HttpResponse } {
  const { exchange, head, headers, body } = unframe(bytes);
  return { exchange, response: { status: Number(head.split(' ')[1]), headers, body } };
}
