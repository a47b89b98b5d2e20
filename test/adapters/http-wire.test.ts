import { describe, expect, it } from 'vitest';
import {
  decodeRequest,
  decodeResponse,
  encodeRequest,
  encodeResponse,
} from '../../adapters/pouchdb/http-wire.ts';

describe('HTTP/1.1 on the simulated wire', () => {
  it('carries a request byte for byte as HTTP/1.1, after a varint exchange number', () => {
    const body = '{"docs":[{"id":"items:x","rev":"1-a"}],"note":"é"}';
    const request = {
      method: 'POST',
      target: '/db/_bulk_get?revs=true&latest=true',
      headers: [
        ['Host', 'server'],
        ['Content-Type', 'application/json'],
      ] as const,
      body,
    };
    const bytes = encodeRequest(300, request);
    const text = new TextDecoder().decode(bytes.subarray(2)); // 300 takes two varint bytes
    expect(text).toBe(
      `POST /db/_bulk_get?revs=true&latest=true HTTP/1.1\r\nHost: server\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    expect(decodeRequest(bytes)).toEqual({
      exchange: 300,
      request: { ...request, headers: request.headers.map((h) => [...h]) },
    });
  });

  it('carries a response with its status line and reason phrase', () => {
    const bytes = encodeResponse(7, {
      status: 404,
      headers: [['Content-Type', 'application/json']],
      body: '{}\n',
    });
    expect(new TextDecoder().decode(bytes.subarray(1))).toMatch(/^HTTP\/1\.1 404 Object Not Found\r\n/);
    expect(decodeResponse(bytes)).toEqual({
      exchange: 7,
      response: { status: 404, headers: [['Content-Type', 'application/json']], body: '{}\n' },
    });
  });
});
