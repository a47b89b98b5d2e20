/**
 * What an RxDB client replica needs from the `ReconnectingWebSocket` that RxDB's websocket
 * replication (`replicateWithWebsocketServer`) creates and keeps to itself: the replica must be
 * able to stop it when the client crashes (a closed browser tab reconnects no more; the plugin
 * only closes it when the collection closes after a first connection), count what the library
 * sends on each WebSocket it opens, and hear its errors (the plugin prints every connection error
 * to the console as a debugging aid). The plugin's class is reached through its module file and
 * its `connect` is wrapped, once: a socket whose URL names a registered simulated host is handed
 * to that host's replica before it connects; every other use is untouched.
 */
import { createRequire } from 'node:module';
import { sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { WebSocket } from 'ws';
import { reportSends } from '../../src/contract/ws-payload.ts';

/** The parts of the plugin's `ReconnectingWebSocket` the replica touches. */
export interface PluginSocket {
  readonly url: string;
  socket: WebSocket | null;
  onerror: ((event: unknown) => void) | null;
  close(): void;
  connect(): void;
}

export interface PluginSocketOwner {
  /** Payload the library hands a WebSocket. */
  readonly report: (bytes: number) => void;
  /** What the library prints while it handles a connection error. */
  readonly log: (line: string) => void;
  /** The library's socket, as it connects the first time. */
  adopted?: PluginSocket;
}

const owners = new Map<string, PluginSocketOwner>();

/** Hands the plugin socket whose URL has `host` to `owner`; returns how to let go of the host. */
export function ownPluginSockets(host: string, owner: PluginSocketOwner): () => void {
  owners.set(host, owner);
  return () => void owners.delete(host);
}

function adopt(socket: PluginSocket, owner: PluginSocketOwner): void {
  owner.adopted = socket;
  let ws: WebSocket | null = socket.socket;
  let onerror = socket.onerror;
  Object.defineProperty(socket, 'socket', {
    configurable: true,
    get: () => ws,
    set: (next: WebSocket | null) => {
      ws = next;
      if (!next) return;
      reportSends(next, owner.report);
      // See the module comment: on a timeout the plugin drops its handlers, then closes the
      // still-connecting socket, and ws reports that as an 'error' event nobody listens to.
      next.on('error', () => {});
    },
  });
  Object.defineProperty(socket, 'onerror', {
    configurable: true,
    get: () => onerror,
    set: (handler: ((event: unknown) => void) | null) => {
      onerror =
        handler &&
        ((event) => {
          const print = console.log;
          console.log = (...args: unknown[]) => owner.log(args.map(String).join(' '));
          try {
            handler(event);
          } finally {
            console.log = print;
          }
        });
    },
  });
}

const pluginEntry = createRequire(import.meta.url).resolve('rxdb/plugins/replication-websocket');
const pluginFile = pluginEntry
  .replace(`${sep}cjs${sep}`, `${sep}esm${sep}`)
  .replace(/index\.js$/, 'reconnecting-websocket.js');
const { ReconnectingWebSocket } = (await import(pathToFileURL(pluginFile).href)) as {
  ReconnectingWebSocket: { prototype: { connect: (this: PluginSocket) => void } };
};
const connect = ReconnectingWebSocket.prototype.connect;
ReconnectingWebSocket.prototype.connect = function (this: PluginSocket): void {
  const owner = owners.get(new URL(this.url).host);
  if (owner && owner.adopted !== this) adopt(this, owner);
  connect.call(this);
};
