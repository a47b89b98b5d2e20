/**
 * The discrete-event core: a virtual clock (milliseconds from 0) and the event queue.
 * Everything that happens in a run is an event scheduled here; nothing reads wall-clock time.
 */
import type { EventHandler } from './event-queue.ts';
import { EventQueue } from './event-queue.ts';

export type { EventHandler } from './event-queue.ts';

/** Cancels a scheduled event; calling it after the event fired does nothing. */
export type Cancel = () => void;

/** Virtual time and the queue of what happens next. */
export class Simulation {
  private readonly queue = new EventQueue();
  private current = 0;

  /** Current virtual time in ms. */
  now(): number {
    return this.current;
  }

  /** Schedules `fire` at virtual time `time` (never earlier than now). */
  at(time: number, fire: () => void): Cancel {
    const queue = this.queue;
    const slot = queue.push(Math.max(time, this.current), fire);
    const seq = queue.seqAt(slot);
    return () => queue.cancel(slot, seq);
  }

  /**
   * Schedules `handler.handleEvent(a, b)` at `time` (never earlier than now), with nothing to
   * cancel it: the way for an event that happens millions of times (a message delivery) to
   * cost no allocation.
   */
  call(time: number, handler: EventHandler, a: number, b: number): void {
    this.queue.pushCall(Math.max(time, this.current), handler, a, b);
  }

  /** Schedules `fire` after `delayMs` of virtual time. */
  after(delayMs: number, fire: () => void): Cancel {
    return this.at(this.current + Math.max(0, delayMs), fire);
  }

  /** Time of the next event, or undefined when nothing is scheduled. */
  nextTime(): number | undefined {
    return this.queue.peekTime();
  }

  /** Fires the next event if it is due at or before `limit`; returns false when there is none. */
  step(limit = Infinity): boolean {
    const next = this.queue.peekTime();
    if (next === undefined || next > limit) return false;
    this.current = next;
    return this.queue.runNext();
  }

  /** Moves the clock forward to `time` without firing anything (used when the queue is empty). */
  advanceTo(time: number): void {
    if (time > this.current) this.current = time;
  }
}
