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
 * which Yjs's awareness and y-websocket use, is `Date.now`), or `Math.random` (TinyBase), and some keep `node:crypto`'s random
 * functions (`ws` its WebSocket keys and masks, `uuid` its ids). So this module replaces
 * `Date.now`, `Math.random`, `crypto.randomBytes`, `crypto.randomFillSync`, `crypto.randomUUID` and Web Crypto's
 * `getRandomValues` (Automerge's WebAssembly draws its actor ids from it) once, as it
 * loads (and, through `sync-zlib.ts`, zlib's raw deflate and inflate streams, which `ws`'s
 * permessage-deflate would otherwise finish on the thread pool), with functions that read the virtual clock and the seeded stream inside a scope and the
 * real ones outside; modules that load such a library import this module first.
 */
import crypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import type { RandomStream } from './prng.ts';
import { useSynchronousZlib } from './sync-zlib.ts';
import type { Cancel, Simulation } from './simulation.ts';

/** Virtual time 0 as wall-clock time: 2024-01-01T00:00:00Z, so dates look like dates. */
export const VIRTUAL_EPOCH_MS = Date.UTC(2024, 0, 1);

/**
 * The highest `Date.now` reading of any run in this process. Every run's clock starts at
 * `VIRTUAL_EPOCH_MS`, so its timestamps are the same whatever ran before it in the process. A
 * library that keeps process-wide "last timestamp" state (RxDB's `now()` never returns less
 * than its previous value) asks for `clockAfterEarlierRuns` instead: its clock starts at the
 * next whole second after this, and a suite gives each of its runs a fresh process, where that
 * is the epoch again.
 */
let lastReadingMs = 0;

const realNow = Date.now.bind(Date);
/** The clock `Date.now` reads while a virtual runtime is entered. */
let virtualNow: (() => number) | undefined;
Date.now = function now(): number {
  return virtualNow ? virtualNow() : realNow();
};

const realRandom = Math.random.bind(Math);
/** The stream `Math.random` draws from while a virtual runtime is entered. */
let virtualRandom: (() => number) | undefined;
// Replaced once, like `Date.now`: TinyBase keeps `Math.random` itself from the moment it loads.
Math.random = function random(): number {
  return virtualRandom ? virtualRandom() : realRandom();
};

/**
 * Where random bytes come from while a virtual runtime is entered: node:crypto's functions and
 * Web Crypto's each from their own seeded stream, apart from `Math.random`'s. `ws` draws its
 * masks from a process-wide pool it refills 8 KiB at a time, so how much a run draws through
 * node:crypto depends on earlier runs in the process; separate streams keep that from moving
 * `Math.random` (automerge-repo's peer ids) or Web Crypto (Automerge's actor ids, which decide
 * concurrent writes) in a later run.
 */
let virtualBytes: ((into: Uint8Array) => void) | undefined;
let virtualWebBytes: ((into: Uint8Array) => void) | undefined;
const real = {
  randomBytes: crypto.randomBytes,
  randomFillSync: crypto.randomFillSync,
  randomUUID: crypto.randomUUID,
};
type Fillable = NodeJS.ArrayBufferView | ArrayBuffer;
function fillSync<T extends Fillable>(buffer: T, offset = 0, size?: number): T {
  if (!virtualBytes) return (real.randomFillSync as (...a: unknown[]) => T)(buffer, offset, size);
  const view = ArrayBuffer.isView(buffer)
    ? new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
    : new Uint8Array(buffer);
  virtualBytes(view.subarray(offset, size === undefined ? undefined : offset + size));
  return buffer;
}
Object.assign(crypto, {
  randomFillSync: fillSync,
  randomBytes: (size: number, callback?: (error: Error | null, bytes: Buffer) => void) => {
    // The asynchronous form completes on the thread pool at an unpredictable moment: left real.
    if (!virtualBytes || callback) return (real.randomBytes as (...a: unknown[]) => Buffer)(size, callback);
    return fillSync(Buffer.alloc(size));
  },
  randomUUID: (options?: crypto.RandomUUIDOptions) => {
    if (!virtualBytes) return real.randomUUID(options);
    const b = fillSync(new Uint8Array(16));
    b[6] = ((b[6] as number) & 0x0f) | 0x40;
    b[8] = ((b[8] as number) & 0x3f) | 0x80;
    const hex = Buffer.from(b).toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  },
});
syncBuiltinESMExports();
const webCrypto = globalThis.crypto;
const realGetRandomValues = webCrypto.getRandomValues.bind(webCrypto) as <T>(array: T) => T;
Object.defineProperty(webCrypto, 'getRandomValues', {
  configurable: true,
  writable: true,
  value: <T extends ArrayBufferView | null>(array: T): T => {
    if (!virtualWebBytes || array === null) return realGetRandomValues(array);
    virtualWebBytes(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
    return array;
  },
});

export interface VirtualRuntimeOptions {
  readonly sim: Simulation;
  readonly random: RandomStream;
  /** Wraps every timer callback (the harness times it as engine work). */
  readonly wrap?: (fire: () => void) => void;
  /**
   * Start the clock after every reading of earlier runs in this process (for a library with a
   * process-wide "last timestamp", such as RxDB's `now()`), not at the fixed epoch.
   */
  readonly clockAfterEarlierRuns?: boolean;
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
    random: virtualRandom,
    bytes: virtualBytes,
    webBytes: virtualWebBytes,
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
  const epoch = options.clockAfterEarlierRuns
    ? Math.max(VIRTUAL_EPOCH_MS, Math.ceil((lastReadingMs + 1) / 1000) * 1000)
    : VIRTUAL_EPOCH_MS;
  // Whole milliseconds, as the real `Date.now` returns (virtual time between events can fall
  // between them: a jittered delivery at 40.7 ms).
  virtualNow = () => {
    const reading = epoch + Math.floor(sim.now());
    if (reading > lastReadingMs) lastReadingMs = reading;
    return reading;
  };
  virtualRandom = () => random.next();
  const bytesFrom = (stream: RandomStream) => (into: Uint8Array) => {
    for (let i = 0; i < into.length; i++) into[i] = stream.int(0, 255);
  };
  virtualBytes = bytesFrom(random.fork('node:crypto'));
  virtualWebBytes = bytesFrom(random.fork('web-crypto'));
  const zlibBefore = useSynchronousZlib(true);
  return () => {
    useSynchronousZlib(zlibBefore);
    Object.assign(globalThis, {
      setTimeout: saved.setTimeout,
      clearTimeout: saved.clearTimeout,
      setInterval: saved.setInterval,
      clearInterval: saved.clearInterval,
    });
    virtualNow = saved.now;
    virtualRandom = saved.random;
    virtualBytes = saved.bytes;
    virtualWebBytes = saved.webBytes;
  };
}
