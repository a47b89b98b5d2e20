// A finding for the TinyBase engine to come (docs/findings.md, tinybase-reconnect-stops-receiving),
// shown with the real library over loopback sockets: TinyBase 10's WsSynchronizer drops its
// receive listeners when its socket closes, so a client whose reconnecting-websocket reconnects,
// as TinyBase's collaborative Todo demo sets it up (and loads and saves on every open), never
// receives what others write again. A synchronizer created on a fresh socket receives it.
import type { AddressInfo } from 'node:net';
import rws from 'reconnecting-websocket';
import { createMergeableStore } from 'tinybase';
import type { MergeableStore } from 'tinybase';
import { createWsSynchronizer } from 'tinybase/synchronizers/synchronizer-ws-client';
import { createWsServer } from 'tinybase/synchronizers/synchronizer-ws-server';
import { describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';

const ReconnectingWebSocket = rws as unknown as typeof rws.default;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits up to `ms` for `done`. */
async function within(ms: number, done: () => boolean): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await sleep(20);
  return done();
}

describe('TinyBase 10 over loopback: a WsSynchronizer whose socket reconnects', () => {
  it('never receives what others write again', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve) => wss.on('listening', resolve));
    const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/room`;
    const server = createWsServer(wss);
    const sockets: InstanceType<typeof ReconnectingWebSocket>[] = [];
    const synchronizers: { destroy(): Promise<unknown> }[] = [];
    const client = async (store: MergeableStore) => {
      const socket = new ReconnectingWebSocket(url, [], { WebSocket, minReconnectionDelay: 100 });
      sockets.push(socket);
      const synchronizer = await createWsSynchronizer(store, socket as unknown as WebSocket, 1);
      synchronizers.push(synchronizer);
      await synchronizer.startSync();
      // The demo's reconnect: on every open, load from the server, then save to it.
      socket.addEventListener('open', () => {
        void synchronizer
          .load()
          .then(() => synchronizer.save())
          .catch(() => {});
      });
      return socket;
    };
    try {
      const a = createMergeableStore('a');
      const b = createMergeableStore('b');
      const aSocket = await client(a);
      await client(b);
      a.setCell('items', 'r1', 'title', 'before');
      expect(await within(3_000, () => b.hasRow('items', 'r1'))).toBe(true);

      aSocket.reconnect();
      expect(await within(3_000, () => aSocket.readyState === WebSocket.OPEN)).toBe(true);
      await sleep(300);
      b.setCell('items', 'r2', 'title', 'written by b after a reconnected');
      // b's write never reaches a.
      expect(await within(4_000, () => a.hasRow('items', 'r2'))).toBe(false);

      // The server has b's write: a synchronizer made on a fresh socket gets it at once.
      const c = createMergeableStore('c');
      await client(c);
      expect(await within(3_000, () => c.hasRow('items', 'r2'))).toBe(true);
    } finally {
      for (const s of synchronizers) await s.destroy().catch(() => {});
      for (const s of sockets) s.close();
      await server.destroy();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    }
  }, 30_000);
});
