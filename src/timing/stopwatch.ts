/**
 * Wall-clock measurement, the only place the runner's figures touch real time. It decides
 * nothing in a run: what it measures goes to the results' `timing` section.
 */
import { performance } from 'node:perf_hooks';

/** Splits wall time between engine code and everything else. */
export interface Stopwatch {
  /** Runs `fn`, counting its wall time as engine time. */
  engine<T>(fn: () => T): T;
  /** Awaits `fn`, counting the wall time until it settles as engine time (async engines' work). */
  engineAsync<T>(fn: () => Promise<T>): Promise<T>;
  /** Runs `fn` from inside engine code (e.g. the network's send), not counting it as engine time. */
  harness<T>(fn: () => T): T;
  /** Counts `ms` of wall time measured elsewhere (engine work the event loop ran) as engine time. */
  addEngineMs(ms: number): void;
  /** Wall time since the stopwatch was made, ms. */
  elapsedMs(): number;
  engineMs(): number;
}

/** A stopwatch reading `performance.now()`; tests can pass their own `now`. */
export function createStopwatch(now: () => number = () => performance.now()): Stopwatch {
  const start = now();
  let inEngine = 0;
  let depth = 0;
  return {
    engine<T>(fn: () => T): T {
      if (depth > 0) return fn(); // nested engine calls (e.g. send → receive) count once
      depth++;
      const t0 = now();
      try {
        return fn();
      } finally {
        inEngine += now() - t0;
        depth--;
      }
    },
    async engineAsync<T>(fn: () => Promise<T>): Promise<T> {
      if (depth > 0) return fn();
      depth++;
      const t0 = now();
      try {
        return await fn();
      } finally {
        inEngine += now() - t0;
        depth--;
      }
    },
    harness<T>(fn: () => T): T {
      if (depth === 0) return fn();
      const t0 = now();
      try {
        return fn();
      } finally {
        inEngine -= now() - t0;
      }
    },
    addEngineMs(ms: number): void {
      if (depth === 0) inEngine += ms;
    },
    elapsedMs: () => now() - start,
    engineMs: () => inEngine,
  };
}
