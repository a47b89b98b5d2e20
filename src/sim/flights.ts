/**
 * Messages in flight, in columns: who sent what to whom, on which connection, and each slot's
 * use count, so that a delivery event (a slot and the use it was scheduled for) knows when its
 * message was dropped meanwhile. Each stream connection threads its messages on a list in the
 * order they were sent, which is the order they are dropped in when it goes down.
 */
import { grown } from './grown.ts';

/** The messages one stream connection carries, in the order they were sent. */
export interface FlightList {
  head: number;
  tail: number;
  size: number;
}

export function emptyFlightList(): FlightList {
  return { head: -1, tail: -1, size: 0 };
}

const INITIAL_CAPACITY = 256;

export class FlightTable {
  private msg = new Int32Array(INITIAL_CAPACITY);
  private size = new Int32Array(INITIAL_CAPACITY);
  private channel = new Int32Array(INITIAL_CAPACITY);
  private use = new Int32Array(INITIAL_CAPACITY);
  private prev = new Int32Array(INITIAL_CAPACITY);
  private next = new Int32Array(INITIAL_CAPACITY);
  private readonly from: string[] = [];
  private readonly to: string[] = [];
  private readonly bytes: (Uint8Array | undefined)[] = [];
  private readonly list: (FlightList | undefined)[] = [];
  private free = new Int32Array(INITIAL_CAPACITY);
  private freeCount = 0;
  private slots = 0;

  /** Takes a slot for message `msg` (appended to `list` if given); returns the slot. */
  add(msg: number, from: string, to: string, bytes: Uint8Array, channel: number, list?: FlightList): number {
    const slot = this.freeCount > 0 ? (this.free[--this.freeCount] as number) : this.newSlot();
    this.msg[slot] = msg;
    this.size[slot] = bytes.byteLength;
    this.channel[slot] = channel;
    this.from[slot] = from;
    this.to[slot] = to;
    this.bytes[slot] = bytes;
    this.list[slot] = list;
    if (list !== undefined) {
      this.prev[slot] = list.tail;
      this.next[slot] = -1;
      if (list.tail >= 0) this.next[list.tail] = slot;
      else list.head = slot;
      list.tail = slot;
      list.size++;
    }
    return slot;
  }

  /** The current use of `slot`: a delivery scheduled now carries it, and `live` compares it. */
  useOf(slot: number): number {
    return this.use[slot] as number;
  }

  /** Whether `slot` still holds the message it held at `use`. */
  live(slot: number, use: number): boolean {
    return this.use[slot] === use;
  }

  msgOf(slot: number): number {
    return this.msg[slot] as number;
  }
  sizeOf(slot: number): number {
    return this.size[slot] as number;
  }
  channelOf(slot: number): number {
    return this.channel[slot] as number;
  }
  fromOf(slot: number): string {
    return this.from[slot] as string;
  }
  toOf(slot: number): string {
    return this.to[slot] as string;
  }
  bytesOf(slot: number): Uint8Array {
    return this.bytes[slot] as Uint8Array;
  }

  /** The message sent after `slot` on its list, or -1. */
  nextOf(slot: number): number {
    return this.next[slot] as number;
  }

  /** Frees `slot` (unlinking it from its list): a delivery still scheduled for it does nothing. */
  remove(slot: number): void {
    const list = this.list[slot];
    if (list !== undefined) {
      const prev = this.prev[slot] as number;
      const next = this.next[slot] as number;
      if (prev >= 0) this.next[prev] = next;
      else list.head = next;
      if (next >= 0) this.prev[next] = prev;
      else list.tail = prev;
      list.size--;
    }
    this.use[slot] = ((this.use[slot] as number) + 1) | 0;
    this.bytes[slot] = undefined;
    this.list[slot] = undefined;
    if (this.freeCount === this.free.length) this.free = grown(this.free);
    this.free[this.freeCount++] = slot;
  }

  private newSlot(): number {
    const slot = this.slots++;
    if (slot === this.msg.length) {
      this.msg = grown(this.msg);
      this.size = grown(this.size);
      this.channel = grown(this.channel);
      this.use = grown(this.use);
      this.prev = grown(this.prev);
      this.next = grown(this.next);
    }
    return slot;
  }
}
