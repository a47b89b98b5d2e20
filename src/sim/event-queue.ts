/**
 * The simulator's event queue: a binary min-heap ordered by (virtual time, sequence number),
 * so events at the same time fire in the order they were scheduled.
 */

/** Something that happens at a virtual time. */
export interface SimEvent {
  readonly time: number;
  readonly seq: number;
  readonly fire: () => void;
}

function before(a: SimEvent, b: SimEvent): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

/** A priority queue of events; `pop` returns the earliest. */
export class EventQueue {
  private readonly heap: SimEvent[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.heap.length;
  }

  /** Adds an event at `time` and returns it. */
  push(time: number, fire: () => void): SimEvent {
    const event: SimEvent = { time, seq: this.nextSeq++, fire };
    const heap = this.heap;
    let i = heap.push(event) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as SimEvent;
      if (!before(event, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = event;
    return event;
  }

  /** The earliest event without removing it. */
  peek(): SimEvent | undefined {
    return this.heap[0];
  }

  /** Removes and returns the earliest event. */
  pop(): SimEvent | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let i = 0;
    const n = heap.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && before(heap[r] as SimEvent, heap[l] as SimEvent) ? r : l;
      const c = heap[child] as SimEvent;
      if (!before(c, last)) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}
