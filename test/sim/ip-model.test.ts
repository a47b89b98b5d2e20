// The IP model's TLS figures against Node's real TLS 1.3 over a loopback TCP connection: the
// record overhead of a socket write of each size, and the handshake each side sends, with a
// certificate chain the size a CA-issued ECDSA chain is.
import { readFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { connect as tlsConnect, createServer as createTlsServer } from 'node:tls';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TLS_HANDSHAKE_CLIENT_BYTES,
  TLS_HANDSHAKE_SERVER_BYTES,
  ipCostOfConnect,
  ipCostOfWrite,
  tlsBytes,
} from '../../src/sim/ip-model.ts';

const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/tls/${name}`, import.meta.url));

/** Waits until `read()` has stopped changing for a few turns of the event loop (bounded). */
async function settled(read: () => number): Promise<void> {
  let last = -1;
  let still = 0;
  for (let i = 0; i < 200 && still < 5; i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    const now = read();
    still = now === last ? still + 1 : 0;
    last = now;
  }
}

describe('the IP model against Node TLS 1.3 over loopback', () => {
  let raw: Socket;
  let tls: TLSSocket;
  let close: () => void;

  beforeAll(async () => {
    // A TLS server as deployed (`tls.createServer`: two session tickets after the handshake),
    // behind a plain TCP server so the test can count what crosses the TCP connection.
    const secure = createTlsServer({ key: fixture('server.key'), cert: fixture('server-chain.pem') }, (s) => {
      s.on('data', () => {});
      s.on('error', () => {});
    });
    const server = createServer((socket) => secure.emit('connection', socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    raw = connect((server.address() as AddressInfo).port, '127.0.0.1');
    tls = tlsConnect({ socket: raw, servername: 'sync.example.com', rejectUnauthorized: false });
    await new Promise<void>((resolve) => tls.once('secureConnect', resolve));
    await settled(() => raw.bytesRead);
    close = () => {
      tls.destroy();
      server.close();
    };
  });

  afterAll(() => close());

  it('measures the handshake the model assumes', () => {
    expect(tls.getProtocol()).toBe('TLSv1.3');
    // OpenSSL's handshake sizes are fixed for a given chain; allow for a library update.
    expect(Math.abs(raw.bytesWritten / TLS_HANDSHAKE_CLIENT_BYTES - 1)).toBeLessThan(0.02);
    expect(Math.abs(raw.bytesRead / TLS_HANDSHAKE_SERVER_BYTES - 1)).toBeLessThan(0.02);
  });

  it('writes one record per 16 KiB of each socket write, with 22 B of overhead each', async () => {
    for (const size of [1, 100, 1_448, 16_384, 16_385, 40_000]) {
      const before = raw.bytesWritten;
      tls.write(Buffer.alloc(size));
      await settled(() => raw.bytesWritten);
      expect(raw.bytesWritten - before, `a ${size} B write`).toBe(tlsBytes(size));
    }
    // Writes made together (a frame's head and body under cork) go out as one record.
    const before = raw.bytesWritten;
    tls.cork();
    tls.write(Buffer.alloc(2));
    tls.write(Buffer.alloc(100));
    tls.uncork();
    await settled(() => raw.bytesWritten);
    expect(raw.bytesWritten - before).toBe(tlsBytes(102));
  });
});

describe('the IP model', () => {
  it('segments at the MSS and acknowledges every second segment', () => {
    expect(ipCostOfWrite(100, 'stream')).toEqual({
      bytes: 100 + 22 + 52,
      packets: 1,
      ackBytes: 52,
      ackPackets: 1,
    });
    // 10,000 B + 22 B of TLS = 10,022 B in 7 segments, acknowledged by 4.
    expect(ipCostOfWrite(10_000, 'stream')).toEqual({
      bytes: 10_022 + 7 * 52,
      packets: 7,
      ackBytes: 4 * 52,
      ackPackets: 4,
    });
    expect(ipCostOfWrite(100, 'datagram')).toEqual({ bytes: 128, packets: 1, ackBytes: 0, ackPackets: 0 });
  });

  it('charges a connection its TCP and TLS handshakes', () => {
    const { opener, accepter } = ipCostOfConnect('stream');
    // SYN + ACK + the client's flight (one segment); SYN-ACK + the server's flight (two segments).
    expect(opener.bytes).toBe(60 + 52 + 454 + 52);
    expect(accepter.bytes).toBe(60 + 2_071 + 2 * 52);
    expect(ipCostOfConnect('datagram').opener.bytes).toBe(0);
  });
});
