/**
 * What an app on TinyBase 10 does to stay in sync over a reconnecting socket: a new
 * `WsSynchronizer` for every connection. TinyBase 10's synchronizer drops its listeners when its
 * socket closes (docs/findings.md, tinybase-reconnect-stops-receiving), so keeping one across
 * reconnects, as TinyBase's Todo demo does with reconnecting-websocket, never receives again.
 * On every open the previous synchronizer stops and a fresh one starts on the same socket
 * (TinyBase's default one-second request timeout), once `ready` (the store loaded) has settled.
 */
import type { MergeableStore } from 'tinybase';
import { createWsSynchronizer } from 'tinybase/synchronizers/synchronizer-ws-client';
import type { WsSynchronizer } from 'tinybase/synchronizers/synchronizer-ws-client';

/** A reconnecting socket: reconnecting-websocket's, which keeps one object across connections. */
export interface ReconnectingSocket {
  readonly readyState: number;
  readonly OPEN: number;
  addEventListener(event: 'open', listener: () => void): void;
}

/** Syncs `store` over `socket`; returns the function that stops it. */
export function syncPerConnection(
  store: MergeableStore,
  socket: ReconnectingSocket,
  ready: Promise<unknown>,
  onIgnoredError: (error: unknown) => void,
): () => void {
  let current: WsSynchronizer<WebSocket> | undefined;
  let stopped = false;
  socket.addEventListener('open', () => {
    void (async () => {
      await ready;
      const previous = current;
      current = undefined;
      await previous?.stopSync();
      if (stopped || socket.readyState !== socket.OPEN) return;
      const synchronizer = await createWsSynchronizer(
        store,
        socket as unknown as WebSocket,
        1,
        undefined,
        undefined,
        onIgnoredError,
      );
      if (stopped) return void synchronizer.stopSync();
      current = synchronizer;
      await synchronizer.startSync();
    })().catch(onIgnoredError);
  });
  return () => {
    stopped = true;
    void current?.stopSync();
  };
}
