/**
 * A complete third-party engine, small enough to read in one sitting: every replica keeps the
 * workspace as last-writer-wins registers (one per record field, one for each record's
 * existence, one per text) stamped with Lamport clocks, and sends its whole state to its
 * connected peers whenever it changes; a replica that learns something new passes it on, and
 * over datagrams everyone repeats its state every second. Run it with
 * `npx syncbench run concurrent-edits --engines ./examples/lww-broadcast-engine.ts`.
 */
import type {
  ApplyOutcome,
  EngineName,
  FieldValue,
  Op,
  ReadPath,
  ReadValue,
  Replica,
  ReplicaContext,
  ReplicaId,
  Snapshot,
  StoredSize,
  SyncAdapter,
} from 'syncbench/adapter';
import { UnsupportedOpError } from 'syncbench/adapter';

/** A Lamport stamp: counter, then replica id to break ties. */
type Stamp = readonly [number, string];
/** Last-writer-wins registers by key: record fields, record existence, whole texts. */
export type Registers = Record<string, { readonly value: FieldValue; readonly stamp: Stamp }>;

const newer = (a: Stamp, b: Stamp): boolean => a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);
const recordKey = (collection: string, id: string): string => `r\u0000${collection}\u0000${id}`;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

class LwwReplica implements Replica {
  private registers: Registers;
  private clock = 0;
  private readonly peers = new Set<ReplicaId>();

  constructor(private readonly ctx: ReplicaContext) {
    const saved = ctx.storage.get('state');
    this.registers = saved ? (JSON.parse(decoder.decode(saved)) as Registers) : {};
    for (const { stamp } of Object.values(this.registers)) this.clock = Math.max(this.clock, stamp[0]);
    if (ctx.transport === 'datagram') ctx.timers.every(1000, () => this.sendTo([...this.peers]));
  }

  apply(op: Op): ApplyOutcome {
    const writes = writesOf(op, this.registers);
    if (typeof writes === 'string') return { status: 'rejected', reason: writes };
    const stamp: Stamp = [++this.clock, this.ctx.id];
    for (const [key, value] of Object.entries(writes)) this.registers[key] = { value, stamp };
    this.changed();
    return { status: 'applied' };
  }

  receive(from: ReplicaId, bytes: Uint8Array): void {
    const incoming = JSON.parse(decoder.decode(bytes)) as Registers;
    let learned = false;
    for (const [key, register] of Object.entries(incoming)) {
      const mine = this.registers[key];
      this.clock = Math.max(this.clock, register.stamp[0]);
      if (mine && !newer(register.stamp, mine.stamp)) continue;
      this.registers[key] = register;
      learned = true;
    }
    if (learned) this.changed(from);
  }

  connected(peer: ReplicaId): void {
    this.peers.add(peer);
    this.sendTo([peer]);
  }

  disconnected(peer: ReplicaId): void {
    this.peers.delete(peer);
  }

  read(path: ReadPath): ReadValue {
    return readRegisters(this.registers, this.ctx.schema, path);
  }

  snapshot(): Snapshot {
    return snapshotOf(this.registers, this.ctx.schema);
  }

  storedBytes(): StoredSize {
    return { bytes: this.ctx.storage.get('state')?.byteLength ?? 0 };
  }

  idle(): void {}

  close(): void {
    this.peers.clear();
  }

  /** Persists the state and passes it on to every connected peer except the one it came from. */
  private changed(from?: ReplicaId): void {
    this.ctx.storage.set('state', encoder.encode(JSON.stringify(this.registers)));
    this.sendTo([...this.peers].filter((peer) => peer !== from));
  }

  private sendTo(peers: readonly ReplicaId[]): void {
    if (peers.length === 0) return;
    const bytes = encoder.encode(JSON.stringify(this.registers));
    for (const peer of peers) this.ctx.send(peer, bytes);
  }
}

/** The register writes `op` makes, or why it is refused (an update of a record that is gone). */
export function writesOf(op: Op, registers: Registers): Record<string, FieldValue> | string {
  const writes: Record<string, FieldValue> = {};
  switch (op.kind) {
    case 'create':
    case 'update': {
      const key = recordKey(op.collection, op.id);
      if (op.kind === 'update' && registers[key]?.value !== true)
        return `no record ${op.collection}/${op.id}`;
      writes[key] = true;
      for (const [field, value] of Object.entries(op.fields)) writes[`${key}\u0000${field}`] = value;
      return writes;
    }
    case 'delete':
      writes[recordKey(op.collection, op.id)] = false;
      return writes;
    case 'textInsert':
    case 'textDelete': {
      const text = textOf(registers, op.doc);
      writes[`t\u0000${op.doc}`] =
        op.kind === 'textInsert'
          ? text.slice(0, op.index) + op.text + text.slice(op.index)
          : text.slice(0, op.index) + text.slice(op.index + op.length);
      return writes;
    }
    default:
      throw new UnsupportedOpError('lww-broadcast', op.kind, lwwBroadcast.capabilities.ops);
  }
}

function textOf(registers: Registers, name: string): string {
  const value = registers[`t\u0000${name}`]?.value;
  return typeof value === 'string' ? value : '';
}

/** The canonical snapshot of what the registers hold. */
export function snapshotOf(registers: Registers, schema: ReplicaContext['schema']): Snapshot {
  const collections: Record<string, Record<string, Record<string, FieldValue>>> = {};
  for (const name of schema.collections) collections[name] = {};
  for (const [key, { value }] of Object.entries(registers)) {
    const [kind, collection = '', id = '', field] = key.split('\u0000');
    if (kind !== 'r' || field === undefined || registers[recordKey(collection, id)]?.value !== true) continue;
    ((collections[collection] ??= {})[id] ??= {})[field] = value;
  }
  const texts = Object.fromEntries(schema.texts.map((name) => [name, textOf(registers, name)]));
  return { collections, texts };
}

/** A point lookup in the registers. */
export function readRegisters(
  registers: Registers,
  schema: ReplicaContext['schema'],
  path: ReadPath,
): ReadValue {
  if (path.kind === 'text') return textOf(registers, path.doc);
  return snapshotOf(registers, schema).collections[path.collection]?.[path.id];
}

export const lwwBroadcast: SyncAdapter = {
  name: 'lww-broadcast' as EngineName,
  version: '1.0.0',
  capabilities: {
    ops: ['create', 'update', 'delete', 'textInsert', 'textDelete'],
    text: 'lww-value',
    records: 'lww-field',
    transports: ['stream', 'datagram'],
    topologies: ['star', 'mesh'],
    partialSync: false,
    async: false,
  },
  createReplica: (ctx) => new LwwReplica(ctx),
};

export default lwwBroadcast;
