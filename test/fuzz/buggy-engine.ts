/**
 * A small delta-sync engine for testing the fuzzer, with switchable classic sync bugs. Replicas
 * keep last-writer-wins registers (record fields, record existence, whole texts; the register
 * helpers of examples/lww-broadcast-engine.ts), send each
 * change as a numbered delta to their peers (a client to the server, the server on to the other
 * clients), acknowledge what they applied, and retransmit what is unacknowledged. Without bugs it
 * converges under any schedule the fuzz tests give it; each bug is one the fuzzer must find:
 *
 * - `wall-clock`: stamps writes with the clock alone and has no tie-break, so two writes in the
 *   same millisecond keep both values, one on each side;
 * - `no-resend`: forgets to resend unacknowledged deltas after a reconnect, so what was written
 *   or relayed while a link was down never arrives;
 * - `out-of-order`: applies a delta as soon as it arrives instead of buffering it until the ones
 *   before it came, then takes the late ones for duplicates and drops them;
 * - `applied-twice`: the server runs every text insert it receives twice (a re-sent mutation
 *   executed again) and sends the result to everyone, so all replicas agree on a doubled token;
 * - `lost-update`: persists nothing after a local update or delete until its next other write,
 *   so a crash before those reach the server loses them (the record stays, with its old value);
 * - `refuse-all`: refuses every local write as read-only (and so trivially converges);
 * - `late-replay`: a client replays what was unacknowledged when it reconnected as new writes
 *   8 s later, although the first send went through, so a newer write made meanwhile is
 *   overwritten: the state is right at the first quiet moment after the heal, and wrong after;
 * - `purged-tombstones`: sends its whole state on every reconnect (as `full-resync`, its fixed
 *   twin, does) but forgets a deleted record's registers 60 s after the delete, so a client that
 *   was offline longer brings the record back: the deleted record is resurrected everywhere.
 *
 * Test-only: not registered for users.
 */
import type {
  ApplyOutcome,
  EngineName,
  Op,
  ReadPath,
  ReadValue,
  Replica,
  ReplicaContext,
  ReplicaId,
  Snapshot,
  StoredSize,
  SyncAdapter,
} from '../../src/contract/contract.ts';
import type { Registers } from '../../examples/lww-broadcast-engine.ts';
import { readRegisters, snapshotOf, writesOf } from '../../examples/lww-broadcast-engine.ts';
import { tokensIn } from '../../src/scenario/workloads/text-tokens.ts';

export type Bug =
  | 'wall-clock'
  | 'no-resend'
  | 'out-of-order'
  | 'applied-twice'
  | 'lost-update'
  | 'refuse-all'
  | 'late-replay'
  | 'purged-tombstones'
  | 'full-resync';

type Stamp = Registers[string]['stamp'];
type Message =
  | { readonly t: 'd'; readonly seq: number; readonly regs: Registers }
  | { readonly t: 'a'; readonly seq: number };

interface Link {
  nextSeq: number;
  outbox: { seq: number; regs: Registers; full?: true }[];
  /** The next sequence number to apply from this peer. */
  expected: number;
  buffer: Record<number, Registers>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

class DeltaReplica implements Replica {
  private registers: Registers = {};
  /** When each record was deleted here (virtual ms), for `purged-tombstones`. */
  private deletedAt: Record<string, number> = {};
  private clock = 0;
  private links: Record<string, Link> = {};
  private readonly up = new Set<string>();

  constructor(
    private readonly ctx: ReplicaContext,
    private readonly bug: Bug | undefined,
  ) {
    const saved = ctx.storage.get('state');
    if (saved) Object.assign(this, JSON.parse(decoder.decode(saved)) as object);
    for (const peer of ctx.peers) this.links[peer] ??= { nextSeq: 0, outbox: [], expected: 1, buffer: {} };
    if (ctx.transport === 'datagram') ctx.timers.every(500, () => this.retransmit([...this.up]));
  }

  private newer(a: Stamp, b: Stamp): boolean {
    if (this.bug === 'wall-clock') return a[0] > b[0];
    return a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);
  }

  apply(op: Op): ApplyOutcome {
    if (this.bug === 'refuse-all') return { status: 'rejected', reason: 'the replica is read-only' };
    const writes = writesOf(op, this.registers);
    if (typeof writes === 'string') return { status: 'rejected', reason: writes };
    const stamp: Stamp = this.bug === 'wall-clock' ? [this.ctx.now(), ''] : [++this.clock, this.ctx.id];
    const delta: Registers = {};
    for (const [key, value] of Object.entries(writes)) delta[key] = this.registers[key] = { value, stamp };
    this.noteDeletes(delta);
    const unsaved = this.bug === 'lost-update' && (op.kind === 'update' || op.kind === 'delete');
    this.forward(delta, undefined, !unsaved);
    return { status: 'applied' };
  }

  receive(from: ReplicaId, bytes: Uint8Array): void {
    const msg = JSON.parse(decoder.decode(bytes)) as Message;
    const link = this.links[from];
    if (!link) return;
    if (msg.t === 'a') {
      link.outbox = link.outbox.filter((m) => m.seq > msg.seq);
      return this.persist();
    }
    if (msg.seq < link.expected) return this.ack(from, link); // a duplicate (or, with the bug, a late one)
    if (this.bug === 'out-of-order') {
      link.expected = msg.seq + 1;
      this.merge(msg.regs, from);
    } else {
      link.buffer[msg.seq] = msg.regs;
      for (let next = link.buffer[link.expected]; next; next = link.buffer[link.expected]) {
        delete link.buffer[link.expected];
        link.expected++;
        this.merge(next, from);
      }
    }
    this.ack(from, link);
  }

  connected(peer: ReplicaId): void {
    this.up.add(peer);
    this.purge();
    const link = this.links[peer];
    if ((this.bug === 'full-resync' || this.bug === 'purged-tombstones') && link) {
      // One whole-state delta at most waits for its acknowledgement: a reconnect refreshes it.
      const regs = { ...this.registers };
      const waiting = link.outbox.find((m) => m.full);
      if (waiting) waiting.regs = regs;
      else link.outbox.push({ seq: ++link.nextSeq, regs, full: true });
      this.persist();
    }
    if (this.bug !== 'no-resend') this.retransmit([peer]);
    const unacknowledged = this.links[peer]?.outbox.map((m) => m.regs) ?? [];
    if (this.bug === 'late-replay' && this.ctx.role === 'client' && unacknowledged.length)
      this.ctx.timers.after(8_000, () => {
        for (const regs of unacknowledged) {
          const stamp: Stamp = [++this.clock, this.ctx.id];
          const again: Registers = {};
          for (const [key, { value }] of Object.entries(regs))
            again[key] = this.registers[key] = { value, stamp };
          this.forward(again);
        }
      });
  }

  disconnected(peer: ReplicaId): void {
    this.up.delete(peer);
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
    this.up.clear();
  }

  /** Merges a delta from `from`; what is new goes on to every other peer. */
  private merge(regs: Registers, from: string): void {
    this.purge();
    const learned: Registers = {};
    let rewritten = false;
    for (const [key, register] of Object.entries(regs)) {
      this.clock = Math.max(this.clock, register.stamp[0]);
      const mine = this.registers[key];
      if (mine && !this.newer(register.stamp, mine.stamp)) continue;
      const twice =
        this.bug === 'applied-twice' && this.ctx.role === 'server' ? doubled(register, mine) : register;
      rewritten ||= twice !== register;
      learned[key] = this.registers[key] =
        twice === register ? register : { ...twice, stamp: [++this.clock, this.ctx.id] };
    }
    this.noteDeletes(learned);
    // A rewritten value goes back to its writer too.
    if (Object.keys(learned).length) this.forward(learned, rewritten ? undefined : from);
  }

  /** Queues `regs` for every peer but `except`, sends to those connected, and persists. */
  private forward(regs: Registers, except?: string, save = true): void {
    for (const [peer, link] of Object.entries(this.links)) {
      if (peer === except) continue;
      const seq = ++link.nextSeq;
      link.outbox.push({ seq, regs });
      if (this.up.has(peer)) this.transmit(peer, { t: 'd', seq, regs });
    }
    if (save) this.persist();
  }

  /** Notes when records were deleted here (their existence register became false). */
  private noteDeletes(regs: Registers): void {
    for (const [key, { value }] of Object.entries(regs))
      if (key.startsWith('r\u0000') && key.split('\u0000').length === 3 && value === false)
        this.deletedAt[key] ??= this.ctx.now();
  }

  /** `purged-tombstones`: forgets the registers of records deleted more than 60 s ago. */
  private purge(): void {
    if (this.bug !== 'purged-tombstones') return;
    for (const [record, at] of Object.entries(this.deletedAt)) {
      if (this.registers[record]?.value !== false) delete this.deletedAt[record];
      if (this.ctx.now() - at < 60_000 || this.registers[record]?.value !== false) continue;
      const purged = (key: string): boolean => key === record || key.startsWith(`${record}\u0000`);
      for (const key of Object.keys(this.registers)) if (purged(key)) delete this.registers[key];
      // The log is compacted too: queued deltas no longer carry the record.
      for (const link of Object.values(this.links))
        for (const m of link.outbox)
          for (const key of Object.keys(m.regs)) if (purged(key)) delete m.regs[key];
      delete this.deletedAt[record];
    }
  }

  private ack(peer: string, link: Link): void {
    this.persist();
    if (this.up.has(peer)) this.transmit(peer, { t: 'a', seq: link.expected - 1 });
  }

  private retransmit(peers: readonly string[]): void {
    for (const peer of peers)
      for (const m of this.links[peer]?.outbox ?? [])
        this.transmit(peer, { t: 'd', seq: m.seq, regs: m.regs });
  }

  private transmit(peer: string, msg: Message): void {
    this.ctx.send(peer as ReplicaId, encoder.encode(JSON.stringify(msg)));
  }

  private persist(): void {
    const state = {
      registers: this.registers,
      clock: this.clock,
      links: this.links,
      deletedAt: this.deletedAt,
    };
    this.ctx.storage.set('state', encoder.encode(JSON.stringify(state)));
  }
}

/** A whole-text register with every token new since `mine` written twice (the `applied-twice` bug). */
function doubled(register: Registers[string], mine: Registers[string] | undefined): Registers[string] {
  if (typeof register.value !== 'string') return register;
  const old = new Set(tokensIn(typeof mine?.value === 'string' ? mine.value : '').map((t) => t.token));
  const fresh = tokensIn(register.value).filter((t) => !old.has(t.token));
  if (fresh.length === 0) return register;
  let value = register.value;
  for (const { token } of fresh) value = value.replace(token, token + token);
  return { ...register, value };
}

/** The engine with `bug` (or none). */
export function deltaEngine(bug?: Bug): SyncAdapter {
  return {
    name: `delta-${bug ?? 'fixed'}` as EngineName,
    version: '0.0.0',
    capabilities: {
      ops: ['create', 'update', 'delete', 'textInsert', 'textDelete'],
      text: 'lww-value',
      records: 'lww-field',
      transports: ['stream', 'datagram'],
      topologies: ['star'],
      partialSync: false,
      async: false,
    },
    createReplica: (ctx) => new DeltaReplica(ctx, bug),
  };
}
