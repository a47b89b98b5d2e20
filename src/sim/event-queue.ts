/**
 * The simulator's event queue: a binary min-heap ordered by (virtual time, sequence number),
 * so events at the same time fire in the order they were scheduled.
 *
 * It is kept in columns of typed arrays (time, sequence number and slot in heap order; what to
 * call per slot), not as one object per event: a long run schedules millions of message
 * deliveries, and an object, a closure and its context per delivery were most of what the
 * simulator allocated. A frequent event names an `EventHandler` and two numbers instead of a
 * closure, and then costs no allocation at all.
 */
import { grown } from './grown.ts';

/** What an event scheduled with `pushCall` calls, with the two numbers it was given. */
export interface EventHandler {
  handleEvent(a: number, b: number): void;
}

const INITIAL_CAPACITY = 256;

/** A priority queue of events; `runNext` fires the earliest. */
export class EventQueue {
  private length = 0;
  private nextSeq = 0;
  // The heap, in heap order.
  private heapTime = new Float64Array(INITIAL_CAPACITY);
  private heapSeq = new Float64Array(INITIAL_CAPACITY);
  private heapSlot = new Int32Array(INITIAL_CAPACITY);
  // What each slot calls; a slot is free while its sequence number is -1.
  private slotSeq = new Float64Array(INITIAL_CAPACITY).fill(-1);
  private slotA = new Float64Array(INITIAL_CAPACITY);
  private slotB = new Float64Array(INITIAL_CAPACITY);
  private readonly slotFire: ((() => void) | undefined)[] = [];
  private readonly slotHandler: (EventHandler | undefined)[] = [];
  private freeSlots = new Int32Array(INITIAL_CAPACITY);
  private freeCount = 0;
  private slotCount = 0;
  /** The time and sequence number of the event `runNext` fired last. */
  lastTime = 0;
  lastSeq = -1;

  get size(): number {
    return this.length;
  }

  /** Schedules `fire` at `time`; returns the event's slot, for `cancel`. */
  push(time: number, fire: () => void): number {
    const slot = this.take();
    this.slotFire[slot] = fire;
    this.insert(time, slot);
    return slot;
  }

  /** Schedules `handler.handleEvent(a, b)` at `time`; returns the event's slot. */
  pushCall(time: number, handler: EventHandler, a: number, b: number): number {
    const slot = this.take();
    this.slotHandler[slot] = handler;
    this.slotA[slot] = a;
    this.slotB[slot] = b;
    this.insert(time, slot);
    return slot;
  }

  /** The sequence number of the event now in `slot` (to pass to `cancel` later). */
  seqAt(slot: number): number {
    return this.slotSeq[slot] as number;
  }

  /**
   * The event in `slot`, if it is still the one numbered `seq`, will call nothing. It stays in
   * the queue until its time, as a cancelled event always did: the clock still moves to it.
   */
  cancel(slot: number, seq: number): void {
    if (this.slotSeq[slot] !== seq) return;
    this.slotFire[slot] = undefined;
    this.slotHandler[slot] = undefined;
  }

  /** The time of the earliest event, or undefined when the queue is empty. */
  peekTime(): number | undefined {
    return this.length === 0 ? undefined : this.heapTime[0];
  }

  /** Removes the earliest event and fires it; false when the queue is empty. */
  runNext(): boolean {
    if (this.length === 0) return false;
    const slot = this.heapSlot[0] as number;
    this.lastTime = this.heapTime[0] as number;
    this.lastSeq = this.heapSeq[0] as number;
    this.removeTop();
    const fire = this.slotFire[slot];
    const handler = this.slotHandler[slot];
    const a = this.slotA[slot] as number;
    const b = this.slotB[slot] as number;
    this.release(slot);
    if (fire !== undefined) fire();
    else if (handler !== undefined) handler.handleEvent(a, b);
    return true;
  }

  private insert(time: number, slot: number): void {
    if (this.length === this.heapTime.length) this.growHeap();
    const seq = this.nextSeq++;
    this.slotSeq[slot] = seq;
    const times = this.heapTime;
    const seqs = this.heapSeq;
    const slots = this.heapSlot;
    let i = this.length++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent] as number;
      if (pt < time || (pt === time && (seqs[parent] as number) < seq)) break;
      times[i] = pt;
      seqs[i] = seqs[parent] as number;
      slots[i] = slots[parent] as number;
      i = parent;
    }
    times[i] = time;
    seqs[i] = seq;
    slots[i] = slot;
  }

  private removeTop(): void {
    const n = --this.length;
    if (n === 0) return;
    const times = this.heapTime;
    const seqs = this.heapSeq;
    const slots = this.heapSlot;
    const time = times[n] as number;
    const seq = seqs[n] as number;
    const slot = slots[n] as number;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let child = l;
      if (r < n) {
        const rt = times[r] as number;
        const lt = times[l] as number;
        if (rt < lt || (rt === lt && (seqs[r] as number) < (seqs[l] as number))) child = r;
      }
      const ct = times[child] as number;
      if (ct > time || (ct === time && (seqs[child] as number) > seq)) break;
      times[i] = ct;
      seqs[i] = seqs[child] as number;
      slots[i] = slots[child] as number;
      i = child;
    }
    times[i] = time;
    seqs[i] = seq;
    slots[i] = slot;
  }

  private take(): number {
    if (this.freeCount > 0) return this.freeSlots[--this.freeCount] as number;
    const slot = this.slotCount++;
    if (slot === this.slotSeq.length) this.growSlots();
    return slot;
  }

  private release(slot: number): void {
    this.slotSeq[slot] = -1;
    this.slotFire[slot] = undefined;
    this.slotHandler[slot] = undefined;
    if (this.freeCount === this.freeSlots.length) this.freeSlots = grown(this.freeSlots);
    this.freeSlots[this.freeCount++] = slot;
  }

  private growHeap(): void {
    this.heapTime = grown(this.heapTime);
    this.heapSeq = grown(this.heapSeq);
    this.heapSlot = grown(this.heapSlot);
  }

  private growSlots(): void {
    const size = this.slotSeq.length;
    this.slotSeq = grown(this.slotSeq);
    this.slotSeq.fill(-1, size);
    this.slotA = grown(this.slotA);
    this.slotB = grown(this.slotB);
  }
}
