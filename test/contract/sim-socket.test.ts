// Node's own http server and the ws library run unchanged over simulated sockets: the upgrade
// handshake, masked client frames and server frames cross as the bytes a TCP socket would carry,
// the same for the same seed, and a reset ends both sides as a dropped connection does. A second
// connection from the same peer is a new socket on the server, not more bytes in the first.
import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { SocketEnds } from '../../src/contract/sim-socket.ts';
import { drainImmediates } from '../../src/runner/drain.ts';

interface Wire {
  readonly up: Uint8Array[];
  readonly down: Uint8Array[];
}

/** A client and a server joined by a queue standing in for the simulated link. */
async function session(
  messages: readonly string[],
): Promise<{ wire: Wire; echoed: string[]; closed: string[] }> {
  const wire: Wire = { up: [], down: [] };
  const queue: (() => void)[] = [];
  const echoed: string[] = [];
  const closed: string[] = [];
  const http = createServer();
  const wss = new WebSocketServer({ noServer: true });
  http.on('upgrade', (req, socket, head) =>
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('message', (data: Buffer) => ws.send(`echo ${data.toString()}`));
      ws.on('close', () => closed.push('server'));
    }),
  );
  const server = new SocketEnds(
    (_peer, bytes) => {
      wire.down.push(bytes.slice());
      queue.push(() => client.receive('server', bytes));
    },
    (socket) => http.emit('connection', socket),
    true,
  );
  const client = new SocketEnds(
    (_peer, bytes) => {
      wire.up.push(bytes.slice());
      queue.push(() => server.receive('c1', bytes));
    },
    () => {},
  );
  const pump = async (): Promise<void> => {
    for (let i = 0; i < 1_000; i++) {
      await drainImmediates();
      const next = queue.shift();
      if (!next) return;
      next();
    }
    throw new Error('the link never went quiet');
  };
  const socket = client.connected('server');
  let mask = 0;
  const ws = new WebSocket('ws://server/room', {
    createConnection: () => socket,
    generateMask: (m: Buffer) => void m.fill(++mask),
    perMessageDeflate: false,
  });
  ws.on('message', (data: Buffer) => echoed.push(data.toString()));
  ws.on('close', () => closed.push('client'));
  ws.on('error', () => {});
  await pump();
  expect(ws.readyState).toBe(WebSocket.OPEN);
  for (const m of messages) ws.send(m);
  await pump();
  client.disconnected('server');
  server.disconnected('c1');
  await pump();
  return { wire, echoed, closed };
}

const size = (chunks: readonly Uint8Array[]): number => chunks.reduce((n, c) => n + c.byteLength, 0);

describe('http and ws over simulated sockets', () => {
  it('upgrades, frames and echoes as over TCP, and a reset closes both ends', async () => {
    const { wire, echoed, closed } = await session(['hello', 'x'.repeat(200)]);
    expect(echoed).toEqual(['echo hello', `echo ${'x'.repeat(200)}`]);
    // The opening side says so first with an empty message (a SYN carries no data), and the
    // accepting side answers with one.
    expect(wire.up[0]?.byteLength).toBe(0);
    expect(wire.down[0]?.byteLength).toBe(0);
    const request = Buffer.from(wire.up[1] ?? []).toString('latin1');
    expect(request).toMatch(/^GET \/room HTTP\/1\.1\r\n/);
    expect(request).toMatch(/\r\nUpgrade: websocket\r\n/i);
    expect(Buffer.from(wire.down[1] ?? []).toString('latin1')).toMatch(
      /^HTTP\/1\.1 101 Switching Protocols\r\n/,
    );
    // Client frames carry a 4-byte mask: 2 + 4 + 5 for "hello", 4 + 4 + 200 for the long one.
    const frames = wire.up.slice(2).map((c) => c.byteLength);
    expect(frames).toEqual([11, 208]);
    // Server frames are not masked: 2 + 10 ("echo hello"), 4 + 205.
    expect(wire.down.slice(2).map((c) => c.byteLength)).toEqual([12, 209]);
    expect(closed.sort()).toEqual(['client', 'server']);
  });

  it('starts a new server socket when the peer opens a second connection, and keeps the old one out of it', async () => {
    const accepted: string[] = [];
    const down: Uint8Array[] = [];
    const server = new SocketEnds(
      (_peer, bytes) => down.push(bytes),
      (socket) => accepted.push(socket.peer),
      true,
    );
    const client = new SocketEnds(
      (_peer, bytes) => server.receive('c1', bytes),
      () => {},
    );
    const first = client.connected('server');
    first.on('error', () => {}); // its reset, when the second connection replaces it
    const deliver = (): void => {
      for (const bytes of down.splice(0)) client.receive('server', bytes);
    };
    deliver();
    const firstOnServer = server.current('c1');
    firstOnServer?.on('error', () => {});
    const second = client.connected('server');
    expect(accepted).toEqual(['c1', 'c1']);
    expect(server.current('c1')).not.toBe(firstOnServer);
    // A ping the old connection sent before the server saw the new one arrives after it: dropped.
    const seen: string[] = [];
    second.on('data', (chunk: Buffer) => seen.push(chunk.toString()));
    down.unshift(Uint8Array.from([0x89, 0x00]));
    server.current('c1')?.write('HTTP/1.1 101');
    deliver();
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual(['HTTP/1.1 101']);
    expect(first.destroyed).toBe(true); // reset on the next turn, as a real socket reports it
  });

  it('sends the same bytes for the same masks, apart from the random handshake key', async () => {
    const [a, b] = [await session(['one', 'two']), await session(['one', 'two'])];
    expect(size(a.wire.up)).toBe(size(b.wire.up));
    expect(size(a.wire.down)).toBe(size(b.wire.down));
    expect(a.wire.up.slice(2)).toEqual(b.wire.up.slice(2));
  });
});
