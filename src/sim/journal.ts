/**
 * The journal: every send, delivery, drop, duplicate, connect and disconnect, with its virtual
 * time, endpoints, byte size and the phase it happened in; and, for replicas on a real socket
 * stack, each library payload they handed that stack (`payload`, no message id: the sends carry
 * its framed bytes). All bandwidth figures are derived
 * from it, and its bookkeeping can be checked: each sent message id ends in one delivery or one
 * drop, plus one more of either per duplicate.
 */
import { grown } from './grown.ts';

export type JournalKind = 'send' | 'deliver' | 'drop' | 'duplicate' | 'connect' | 'disconnect' | 'payload';

/** Why a message did not arrive, or why a connection went down. */
export type DropReason =
  'loss' | 'partition' | 'offline' | 'crashed' | 'reset' | 'not-connected' | 'disconnected';

export interface JournalEntry {
  /** Virtual time, ms. */
  readonly t: number;
  readonly kind: JournalKind;
  readonly from: string;
  readonly to: string;
  /** Message size in bytes (0 for connect/disconnect; the payload's size for `payload`). */
  readonly bytes: number;
  /** Message id for send/deliver/drop/duplicate; -1 for connection events. */
  readonly msg: number;
  readonly phase: string;
  readonly reason?: DropReason;
}

/** Read access to the journal's entries, in the order they happened. */
export interface JournalEntries extends Iterable<JournalEntry> {
  readonly length: number;
  /** The entry at `index` (0 ≤ index < length), built on demand. */
  at(index: number): JournalEntry;
  /** The kind of the entry at `index`, without building it. */
  kindAt(index: number): JournalKind;
  /** The virtual time of the entry at `index`, without building it. */
  timeAt(index: number): number;
  /** The byte size of the entry at `index`, without building it. */
  bytesAt(index: number): number;
}

const KINDS: readonly JournalKind[] = [
  'send',
  'deliver',
  'drop',
  'duplicate',
  'connect',
  'disconnect',
  'payload',
];
const REASONS: readonly (DropReason | undefined)[] = [
  undefined,
  'loss',
  'partition',
  'offline',
  'crashed',
  'reset',
  'not-connected',
  'disconnected',
];

/**
 * The entries in columns of typed arrays, with replica and phase names interned: a long run
 * journals millions of messages (a week of idle awareness renewals is a million), and one object
 * per entry would cost a hundred bytes each and the garbage collector's time.
 */
class EntryColumns implements JournalEntries {
  length = 0;
  private t = new Float64Array(1024);
  private bytes = new Int32Array(1024);
  private msg = new Int32Array(1024);
  private from = new Uint16Array(1024);
  private to = new Uint16Array(1024);
  private phase = new Uint16Array(1024);
  private kind = new Uint8Array(1024);
  private reason = new Uint8Array(1024);
  private readonly names: string[] = [];
  private readonly nameIds = new Map<string, number>();

  push(
    t: number,
    kind: JournalKind,
    from: string,
    to: string,
    bytes: number,
    msg: number,
    phase: string,
    reason?: DropReason,
  ): void {
    if (this.length === this.t.length) this.grow();
    const i = this.length++;
    this.t[i] = t;
    this.kind[i] = KINDS.indexOf(kind);
    this.from[i] = this.id(from);
    this.to[i] = this.id(to);
    this.bytes[i] = bytes;
    this.msg[i] = msg;
    this.phase[i] = this.id(phase);
    this.reason[i] = REASONS.indexOf(reason);
  }

  at(index: number): JournalEntry {
    if (index < 0 || index >= this.length) throw new RangeError(`no journal entry ${index}`);
    const entry = {
      t: this.t[index] as number,
      kind: this.kindAt(index),
      from: this.names[this.from[index] as number] as string,
      to: this.names[this.to[index] as number] as string,
      bytes: this.bytes[index] as number,
      msg: this.msg[index] as number,
      phase: this.names[this.phase[index] as number] as string,
    };
    const reason = REASONS[this.reason[index] as number];
    return reason === undefined ? entry : { ...entry, reason };
  }

  kindAt(index: number): JournalKind {
    return KINDS[this.kind[index] as number] as JournalKind;
  }

  timeAt(index: number): number {
    return this.t[index] as number;
  }

  bytesAt(index: number): number {
    return this.bytes[index] as number;
  }

  *[Symbol.iterator](): Iterator<JournalEntry> {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }

  private id(name: string): number {
    let id = this.nameIds.get(name);
    if (id === undefined) {
      id = this.names.push(name) - 1;
      if (id > 0xffff) throw new Error('more than 65,536 replica and phase names in one journal');
      this.nameIds.set(name, id);
    }
    return id;
  }

  private grow(): void {
    this.t = grown(this.t);
    this.bytes = grown(this.bytes);
    this.msg = grown(this.msg);
    this.from = grown(this.from);
    this.to = grown(this.to);
    this.phase = grown(this.phase);
    this.kind = grown(this.kind);
    this.reason = grown(this.reason);
  }
}

/** Append-only record of what the network did. */
export class Journal {
  private readonly columns = new EntryColumns();
  /** Every phase entered so far, in order (a phase may see no traffic at all). */
  readonly phases: string[] = ['start'];
  private current = 'start';
  private nextMsg = 0;

  /** What was recorded so far (grows as the run goes on). */
  get entries(): JournalEntries {
    return this.columns;
  }

  /** The phase that new entries are attributed to. */
  get phase(): string {
    return this.current;
  }

  /** Moves on to the phase `name`; the runner calls it along the timeline. */
  enterPhase(name: string): void {
    this.current = name;
    if (!this.phases.includes(name)) this.phases.push(name);
  }

  /** Records a send and returns the new message's id. */
  send(t: number, from: string, to: string, bytes: number): number {
    const msg = this.nextMsg++;
    this.columns.push(t, 'send', from, to, bytes, msg, this.current);
    return msg;
  }

  record(
    t: number,
    kind: Exclude<JournalKind, 'send'>,
    from: string,
    to: string,
    bytes: number,
    msg = -1,
    reason?: DropReason,
  ): void {
    this.columns.push(t, kind, from, to, bytes, msg, this.current, reason);
  }
}
