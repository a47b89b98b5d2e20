/**
 * A loopback TCP proxy per client in front of a real server, so a fidelity run can partition
 * clients from it as the simulator does: `cut` resets the clients' connections (both TCP sockets
 * destroyed) and holds any new one they open (accepted, its bytes kept) until `heal`, when it is
 * connected to the server and what it sent meanwhile goes through, as a simulated connection
 * attempt made while the link is down waits and opens when the link comes up.
 */
import net from 'node:net';
import type { AddressInfo, Socket } from 'node:net';

interface Proxy {
  readonly server: net.Server;
  readonly port: number;
  readonly live: Set<{ client: Socket; upstream: Socket }>;
  readonly held: { client: Socket; data: Buffer[] }[];
  cut: boolean;
}

export class ClientProxies {
  private constructor(
    private readonly proxies: readonly Proxy[],
    private readonly targetPort: number,
  ) {}

  /** One proxy on 127.0.0.1 for each of `clients` clients, forwarding to `targetPort`. */
  static async start(targetPort: number, clients: number): Promise<ClientProxies> {
    const proxies: Proxy[] = [];
    const self = new ClientProxies(proxies, targetPort);
    for (let i = 0; i < clients; i++) {
      const proxy: Proxy = { server: net.createServer(), port: 0, live: new Set(), held: [], cut: false };
      proxy.server.on('connection', (client: Socket) => {
        client.on('error', () => {});
        if (!proxy.cut) return self.forward(proxy, client, []);
        const held = { client, data: [] as Buffer[] };
        client.on('data', (d: Buffer) => held.data.push(d));
        proxy.held.push(held);
      });
      await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
      Object.assign(proxy, { port: (proxy.server.address() as AddressInfo).port });
      proxies.push(proxy);
    }
    return self;
  }

  /** The URL client `i` (0-based) connects to. */
  url(i: number): string {
    return `ws://127.0.0.1:${this.proxies[i]?.port ?? 0}`;
  }

  /** Partitions clients `indexes` (0-based) from the server. */
  cut(indexes: readonly number[]): void {
    for (const i of indexes) {
      const proxy = this.proxies[i];
      if (!proxy) continue;
      proxy.cut = true;
      for (const pair of proxy.live) {
        pair.client.destroy();
        pair.upstream.destroy();
      }
      proxy.live.clear();
    }
  }

  /** Ends every partition: held connections go through. */
  heal(): void {
    for (const proxy of this.proxies) {
      proxy.cut = false;
      for (const { client, data } of proxy.held.splice(0)) {
        client.removeAllListeners('data');
        if (!client.destroyed) this.forward(proxy, client, data);
      }
    }
  }

  async close(): Promise<void> {
    for (const proxy of this.proxies) {
      for (const pair of proxy.live) {
        pair.client.destroy();
        pair.upstream.destroy();
      }
      for (const { client } of proxy.held) client.destroy();
      await new Promise<void>((resolve) => proxy.server.close(() => resolve()));
    }
  }

  private forward(proxy: Proxy, client: Socket, pending: readonly Buffer[]): void {
    const upstream = net.connect(this.targetPort, '127.0.0.1');
    const pair = { client, upstream };
    proxy.live.add(pair);
    upstream.on('error', () => {});
    for (const d of pending) upstream.write(d);
    client.on('data', (d: Buffer) => upstream.write(d));
    upstream.on('data', (d: Buffer) => client.write(d));
    const end = (): void => {
      proxy.live.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
  }
}
