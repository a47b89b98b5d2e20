/**
 * The discrete-event core: a virtual clock (milliseconds from 0) and the event queue.
 * Everything that happens in a run is an event scheduled here; nothing reads wall-clock time.
 */
import { EventQueue } from './event-queue.ts';

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
    let cancelled = false;
    this.queue.push(Math.max(time, this.current), () => {
      if (!cancelled) fire();
    });
    return () => {
      cancelled = true;
    };
  }

  /** Schedules `fire` after `delayMs` of virtual time. */
  after(delayMs: number, fire: () => void): Cancel {
    return this.at(this.current + Math.max(0, delayMs), fire);
  }

  /** Time of the next event, or undefined when nothing is scheduled. */
  nextTime(): number | undefined {
    return this.queue.peek()?.time;
  }

  /** Fires the next event if it is due at or before `limit`; returns false when there is none. */
  step(limit = Infinity): boolean {
    const next = this.queue.peek();
    if (next === undefined || next.time > limit) return false;
    this.queue.pop();
    this.current = next.time;
    next.fire();
    return true;
  }

  /** Moves the clock forward to `time` without firing anything (used when the queue is empty). */
  advanceTo(time: number): void {
    if (time > this.current) this.current = time;
  }
}
