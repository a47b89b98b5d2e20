/**
 * Puts the process's clock, timers and `Math.random` on the simulation while an engine that
 * calls them directly runs (PouchDB's and RxDB's internals use `setTimeout`, `Date.now` and
 * `Math.random`; they accept no clock to inject). Inside the scope a timeout of `ms` becomes a
 * simulator event `ms` virtual milliseconds later, `Date.now` reads virtual time (from a fixed
 * epoch), and `Math.random` draws from a seeded stream, so the run is exact for a seed, as a
 * deterministic simulator needs. `setImmediate`, `process.nextTick` and promises are untouched:
 * they carry no time, and the harness lets them drain after every event.
 *
 * Some libraries keep `Date.now` itself from the moment they load (lib0's `time.getUnixTime`,
 * which Yjs's awareness and y-websocket use, is `Date.now`). So this module replaces `Date.now`
 * once, as it loads, with a function that reads the virtual clock inside a scope and the real one
 * outside; modules that load such a library import this module first.
 */
import type { RandomStream } from './prng.ts';
import type { Cancel, Simulation } from './simulation.ts';

/** Virtual time 0 as wall-clock time: 2024-01-01T00:00:00Z, so dates look like dates. */
export const VIRTUAL_EPOCH_MS = Date.UTC(2024, 0, 1);

/**
 * The latest `Date.now` reading of any run in this process. Libraries keep process-wide
 * "last timestamp" state (RxDB's `now()` never returns less than its previous value), so a new
 * run's clock must not start before an earlier run's clock ended: each run starts at the next
 * whole second after it. Results only ever see differences of these readings, never the epoch.
 */
let lastReadingMs = 0;

const realNow = Date.now.bind(Date);
/** The clock `Date.now` reads while a virtual runtime is entered. */
let virtualNow: (() => number) | undefined;
Date.now = function now(): number {
  return virtualNow ? virtualNow() : realNow();
};

export interface VirtualRuntimeOptions {
  readonly sim: Simulation;
  readonly random: RandomStream;
  /** Wraps every timer callback (the harness times it as engine work). */
  readonly wrap?: (fire: () => void) => void;
}

/** A Node-compatible timer handle whose callback runs on the simulator. */
class VirtualTimer {
  private cancel: Cancel = () => {};
  private active = true;

  constructor(
    private readonly schedule: (timer: VirtualTimer) => Cancel,
    readonly repeat: boolean,
  ) {
    this.cancel = schedule(this);
  }

  /** Called as the timer fires: an interval schedules its next run, a timeout is spent. */
  fired(): void {
    if (this.repeat && this.active) this.cancel = this.schedule(this);
    else this.active = false;
  }

  clear(): void {
    this.active = false;
    this.cancel();
  }

  // Node's Timeout API, which libraries call on the handle; virtual timers keep no process alive.
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  hasRef(): boolean {
    return false;
  }
  refresh(): this {
    this.cancel();
    this.active = true;
    this.cancel = this.schedule(this);
    return this;
  }
  [Symbol.toPrimitive](): number {
    return 0;
  }
}

type TimerFn = (...args: unknown[]) => void;

/** Installs the virtual runtime; returns the function that restores the real one. */
export function enterVirtualRuntime(options: VirtualRuntimeOptions): () => void {
  const { sim, random } = options;
  const wrap = options.wrap ?? ((fire) => fire());
  const saved = {
    setTimeout: globalThis.setTimeout,
    clearTimeout: globalThis.clearTimeout,
    setInterval: globalThis.setInterval,
    clearInterval: globalThis.clearInterval,
    now: virtualNow,
    random: Math.random,
  };
  const start = (fn: TimerFn, ms: unknown, args: unknown[], repeat: boolean): VirtualTimer => {
    const delay = Math.max(0, Number(ms) || 0);
    return new VirtualTimer(
      (timer) =>
        sim.after(repeat ? Math.max(1, delay) : delay, () => {
          timer.fired();
          wrap(() => fn(...args));
        }),
      repeat,
    );
  };
  const clear = (handle: unknown): void => {
    if (handle instanceof VirtualTimer) handle.clear();
    else saved.clearTimeout(handle as Parameters<typeof clearTimeout>[0]);
  };
  const g = globalThis as Record<string, unknown>;
  g.setTimeout = (fn: TimerFn, ms?: number, ...args: unknown[]) => start(fn, ms, args, false);
  g.setInterval = (fn: TimerFn, ms?: number, ...args: unknown[]) => start(fn, ms, args, true);
  g.clearTimeout = clear;
  g.clearInterval = clear;
  const epoch = Math.max(VIRTUAL_EPOCH_MS, Math.ceil((lastReadingMs + 1) / 1000) * 1000);
  virtualNow = () => {
    lastReadingMs = epoch + sim.now();
    return lastReadingMs;
  };
  Math.random = () => random.next();
  return () => {
    Object.assign(globalThis, {
      setTimeout: saved.setTimeout,
      clearTimeout: saved.clearTimeout,
      setInterval: saved.setInterval,
      clearInterval: saved.clearInterval,
    });
    virtualNow = saved.now;
    Math.random = saved.random;
  };
}
