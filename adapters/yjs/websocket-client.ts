/**
 * A client replica on Yjs's real deployment stack: y-websocket's `WebsocketProvider` with `ws`
 * as its WebSocket, over simulated sockets (`yjs-client.ts`). The provider opens connections
 * itself (and retries with its own back-off); an attempt while the simulated link is down waits,
 * as a TCP connect does, and opens when the link comes up.
 */
import { WebsocketProvider } from 'y-websocket';
import type { ReplicaContext } from '../../src/contract/contract.ts';
import { DEPLOYED_HOST } from '../../src/contract/sim-socket.ts';
import { YjsClient } from './yjs-client.ts';

export class YWebsocketClient extends YjsClient {
  private readonly provider: WebsocketProvider;

  constructor(ctx: ReplicaContext, supportedOps: readonly string[]) {
    super(ctx, supportedOps);
    this.provider = new WebsocketProvider(`ws://${DEPLOYED_HOST}`, 'syncbench', this.doc, {
      WebSocketPolyfill: this.WebSocketClass as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
  }

  protected stopProvider(): void {
    this.provider.destroy();
    this.provider.awareness.destroy();
  }
}
