/**
 * A hand-wired reference-engine world for engine tests: a server and three clients (the engine's
 * message-level replicas, without the WebSocket deployment) connected by FIFO queues the test
 * delivers from one message at a time, with disconnects and crashes.
 */
import type { Replica, ReplicaContext, ReplicaId, SchemaDefinition } from '../../src/contract/contract.ts';
import { MessageClient, MessageServer } from '../../adapters/reference/message-replicas.ts';
import type { ServerOptions } from '../../src/engine/engine-server.ts';
import { randomStream } from '../../src/sim/prng.ts';

export const CLIENTS = ['c1', 'c2', 'c3'] as const;
export type ClientId = (typeof CLIENTS)[number];

/** The engine's replicas, with a FIFO queue per direction per client while connected. */
export class World {
  readonly storage = new Map<string, Map<string, Uint8Array>>();
  readonly replicas = new Map<string, Replica>();
  readonly up = new Map<ClientId, Uint8Array[]>();
  readonly down = new Map<ClientId, Uint8Array[]>();
  readonly online = new Set<ClientId>();
  private clock = 0;
  private seq = 0;

  constructor(
    private readonly options: ServerOptions = {},
    private readonly schema: SchemaDefinition = { collections: ['items'], texts: ['doc'] },
  ) {
    for (const id of ['server', ...CLIENTS]) this.spawn(id);
  }

  nextSeq(): number {
    return ++this.seq;
  }

  spawn(id: string): void {
    const map = this.storage.get(id) ?? new Map<string, Uint8Array>();
    this.storage.set(id, map);
    const server = id === 'server';
    const ctx: ReplicaContext = {
      id: id as ReplicaId,
      role: server ? 'server' : 'client',
      peers: (server ? [...CLIENTS] : ['server']) as ReplicaId[],
      topology: 'star',
      transport: 'stream',
      compression: 'none',
      schema: this.schema,
      incarnation: 0,
      send: (to, bytes) => {
        const queue = server ? this.down.get(to as ClientId) : this.up.get(id as ClientId);
        queue?.push(bytes);
      },
      payloadSent: () => {},
      now: () => this.clock,
      random: randomStream(1, id),
      timers: { after: () => () => {}, every: () => () => {} },
      storage: {
        get: (k) => map.get(k),
        set: (k, v) => void map.set(k, v),
        delete: (k) => void map.delete(k),
        keys: () => [...map.keys()],
      },
      log: () => {},
    };
    this.replicas.set(id, server ? new MessageServer(ctx, this.options) : new MessageClient(ctx));
  }

  replica(id: string): Replica {
    const replica = this.replicas.get(id);
    if (!replica) throw new Error(`no ${id}`);
    return replica;
  }

  tick(): void {
    this.clock += 7;
  }

  connect(id: ClientId): void {
    if (this.online.has(id)) return;
    this.online.add(id);
    this.up.set(id, []);
    this.down.set(id, []);
    this.replica('server').connected(id as ReplicaId);
    this.replica(id).connected('server' as ReplicaId);
  }

  disconnect(id: ClientId): void {
    if (!this.online.delete(id)) return;
    this.up.delete(id);
    this.down.delete(id);
    this.replica('server').disconnected(id as ReplicaId);
    this.replica(id).disconnected('server' as ReplicaId);
  }

  deliver(id: ClientId, direction: 'up' | 'down', count: number): void {
    for (let i = 0; i < count; i++) {
      const message = (direction === 'up' ? this.up : this.down).get(id)?.shift();
      if (!message) return;
      if (direction === 'up') this.replica('server').receive(id as ReplicaId, message);
      else this.replica(id).receive('server' as ReplicaId, message);
    }
  }

  crash(id: string): void {
    if (id === 'server') for (const c of CLIENTS) this.disconnect(c);
    else this.disconnect(id as ClientId);
    this.spawn(id);
  }

  /** Everyone online, every message delivered. */
  settle(): void {
    for (const c of CLIENTS) this.connect(c);
    for (let round = 0; round < 1_000; round++) {
      let moved = false;
      for (const c of CLIENTS) {
        for (const direction of ['up', 'down'] as const) {
          if (((direction === 'up' ? this.up : this.down).get(c)?.length ?? 0) > 0) {
            this.deliver(c, direction, 1);
            moved = true;
          }
        }
      }
      if (!moved) return;
    }
    throw new Error('messages kept flowing');
  }
}
