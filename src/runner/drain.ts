/**
 * Lets an async engine finish the work an event started, the way Node lets a program finish what
 * an I/O callback started. Without real I/O or real timers (the virtual runtime replaces them),
 * everything an engine still has to do sits in Node's tick and microtask queues and in its
 * immediates, so the work is done once those are empty. The order in which that work runs is
 * fixed by the program, so draining keeps runs deterministic.
 *
 * The runner's loops (`driveEvents`) run the simulator's events from a macrotask, as Node runs an
 * I/O callback: after each event the ticks and microtasks it queued run at once (Node's own
 * `runNextTicks`, which it runs between two immediates and after every callback), and only an
 * event that left immediates gives the event loop a turn. A turn per event, as the runner used to
 * take, cost more than many engines' own work for the event (3.4 million turns, a third of the
 * wall time of `schema-upgrades × yjs` at `--scale ci`, most of its events being Yjs's 3-second
 * awareness timers).
 */
import { setImmediate as nextImmediate } from 'node:timers/promises';
import type { Stopwatch } from '../timing/stopwatch.ts';

/** Gives up after this many rounds: an engine that schedules immediates forever never idles. */
const MAX_ROUNDS = 100_000;

/** Events run between two turns of the event loop that no engine asked for (the process's own I/O). */
const EVENTS_BETWEEN_TURNS = 512;

/**
 * Node's `runNextTicks`: runs the tick queue and the microtask queue until both are empty. It is
 * the function Node calls between two immediates; `process._tickCallback` has been it since
 * Node 12 (DEP0134, a documentation-only deprecation through Node 24). Without it the runner
 * takes a turn of the event loop after every event, which orders the work the same way.
 */
const runNextTicks = (process as { _tickCallback?: () => void })._tickCallback;

function immediatesPending(): boolean {
  return process.getActiveResourcesInfo().includes('Immediate');
}

const noop = (): void => {};

/**
 * Tells whether an immediate was queued since it was armed, by one property read: Node keeps the
 * queued immediates in a linked list, so an immediate queued after ours is our `_idleNext`
 * (clearing it unlinks it again). `process.getActiveResourcesInfo()`, which builds a list of
 * every resource, cost a tenth of a long run. Where a Node keeps no such field, it is asked.
 */
class ImmediateWatch {
  private marker: NodeJS.Immediate | undefined;

  /**
   * Watches for immediates queued from now on. If some are queued already (engine work started
   * outside the loop, e.g. by the final heal), it asks Node instead, until disarmed.
   */
  arm(): void {
    this.marker = immediatesPending() ? undefined : setImmediate(noop);
  }

  queuedSinceArmed(): boolean {
    const marker = this.marker as { _idleNext?: unknown } | undefined;
    if (marker === undefined || !('_idleNext' in marker)) return immediatesPending();
    return marker._idleNext != null;
  }

  disarm(): void {
    if (this.marker) clearImmediate(this.marker);
    this.marker = undefined;
  }
}

/** Awaits turns of the event loop until no immediate is pending (for calls made outside `driveEvents`). */
export async function drainImmediates(): Promise<void> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    await nextImmediate();
    if (!immediatesPending()) return;
  }
  throw busyError();
}

function busyError(): Error {
  return new Error(`engine still busy after ${MAX_ROUNDS} event-loop rounds`);
}

/** What an engine's tick or microtask threw, on its way out of the loop. */
class ThrownByEngine extends Error {
  constructor(readonly thrown: unknown) {
    super('thrown by an engine');
  }
}

export interface EventDriver {
  readonly stopwatch: Stopwatch;
  /** Whether the engine's work outlives the call that started it (it must be let finish). */
  readonly async: boolean;
  /** Runs the next event; false when there is none to run (the loop ends). */
  step(): boolean;
  /** Asks each live replica whether it is idle; a promise is waited for, as engine work. */
  idle(): Promise<void> | undefined;
  /** The harness's look after an event and the work it started; false ends the loop. */
  after(): boolean;
}

/**
 * Runs events until `step` or `after` says to stop, letting async engines finish each event's
 * work before `after` looks. The time spent finishing it is engine time. `tickRunner` is Node's
 * `runNextTicks`; tests pass `null` for the loop a Node without it gets.
 */
export function driveEvents(
  driver: EventDriver,
  tickRunner: (() => void) | null | undefined = runNextTicks,
): Promise<void> {
  const { stopwatch } = driver;
  if (driver.async && !tickRunner) return driveEventsByTurns(driver);
  const runTicks = tickRunner ?? noop;
  return new Promise<void>((resolve, reject) => {
    let sinceTurn = 0;
    let rounds = 0;
    // Where the loop is: between events, or finishing an event's work (before or after `idle`).
    let state: 'between' | 'finishing' | 'idled' = 'between';
    let engineSince = 0;
    const watch = new ImmediateWatch();
    const resume = (): void => {
      stopwatch.addEngineMs(stopwatch.elapsedMs() - engineSince);
      proceed();
    };
    const awaitEngine = (wait: (then: () => void) => void): void => {
      engineSince = stopwatch.elapsedMs();
      watch.disarm();
      wait(resume);
    };
    const done = (): void => {
      watch.disarm();
      resolve();
    };
    const proceed = (): void => {
      try {
        // Called from an immediate: the immediates queued before it have run, and Node ran the
        // ticks and microtasks they queued. Any still pending were queued since (by them).
        if (state !== 'between' && immediatesPending()) {
          if (++rounds > MAX_ROUNDS) throw busyError();
          return awaitEngine((then) => setImmediate(then));
        }
        watch.arm();
        for (;;) {
          if (state !== 'between') {
            try {
              stopwatch.engine(runTicks);
            } catch (error) {
              throw new ThrownByEngine(error);
            }
            if (watch.queuedSinceArmed()) {
              if (++rounds > MAX_ROUNDS) throw busyError();
              return awaitEngine((then) => setImmediate(then));
            }
            rounds = 0;
            if (state === 'finishing') {
              state = 'idled';
              const idle = stopwatch.engine(() => driver.idle());
              if (idle) return awaitEngine((then) => void idle.then(() => setImmediate(then), fail));
            }
            state = 'between';
            if (!driver.after()) return done();
          }
          if (++sinceTurn >= EVENTS_BETWEEN_TURNS) {
            sinceTurn = 0;
            watch.disarm();
            return void setImmediate(proceed);
          }
          if (!driver.step()) return done();
          if (driver.async) state = 'finishing';
          else if (!driver.after()) return done();
        }
      } catch (error) {
        // An engine's tick that throws is an uncaught exception, as in Node's own loop (which
        // also restores its async-context stack, left pushed by the throw): thrown on from here.
        if (!(error instanceof ThrownByEngine)) return fail(error);
        watch.disarm();
        throw error.thrown;
      }
    };
    const fail = (error: unknown): void => {
      watch.disarm();
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    setImmediate(proceed);
  });
}

/** The same loop with a turn of the event loop after every event (a Node without `runNextTicks`). */
async function driveEventsByTurns(driver: EventDriver): Promise<void> {
  while (driver.step()) {
    await driver.stopwatch.engineAsync(async () => {
      await drainImmediates();
      const idle = driver.idle();
      if (idle) await idle;
    });
    if (!driver.after()) return;
  }
}
