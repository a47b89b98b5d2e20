/**
 * A client replica on Hocuspocus's stack: `@hocuspocus/provider`'s `HocuspocusProvider` over a
 * `HocuspocusProviderWebsocket`, with `ws` as its WebSocket over simulated sockets
 * (`yjs-client.ts`). The provider reconnects with its own back-off (jittered: `Math.random` is the
 * run's seeded stream). Its WebSocket drops error events, as a browser's does: the provider sets
 * no error handler, and on Node `ws` throws an unheard 'error', so a reset would end the process
 * (docs/findings.md); the close that follows schedules the reconnect.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import type { ReplicaContext } from '../../src/contract/contract.ts';
import { DEPLOYED_HOST } from '../../src/contract/sim-socket.ts';
import { DOCUMENT } from './hocuspocus-server.ts';
import { YjsClient } from './yjs-client.ts';

export class HocuspocusClient extends YjsClient {
  private readonly socket: HocuspocusProviderWebsocket;
  private readonly provider: HocuspocusProvider;

  constructor(ctx: ReplicaContext, supportedOps: readonly string[]) {
    super(ctx, supportedOps, true);
    // The socket made apart from the provider, as an app sharing one connection does: the
    // WebSocketPolyfill option is the socket's, not the provider's.
    this.socket = new HocuspocusProviderWebsocket({
      url: `ws://${DEPLOYED_HOST}`,
      WebSocketPolyfill: this.WebSocketClass,
    });
    this.provider = new HocuspocusProvider({
      websocketProvider: this.socket,
      name: DOCUMENT,
      document: this.doc,
    });
    this.provider.attach();
  }

  protected stopProvider(): void {
    this.provider.destroy();
    this.socket.destroy();
    this.provider.awareness?.destroy();
  }
}
