/**
 * Driving the simulator, and the final settle: after the final heal, events run until every
 * replica's snapshot equals the reference state with nothing left in flight, or until the virtual
 * deadline. Snapshots are re-read only for replicas that changed, after every event, so the
 * convergence time is exact to the event that completed it.
 */
import { canonicalJson } from '../contract/canonical.ts';
import type { RunContext } from './run-context.ts';

/** Events between two progress reports. */
const PROGRESS_EVERY = 5_000;

/** Runs events up to and including virtual time `limit`, reporting progress now and then. */
export async function driveUntil(
  run: RunContext,
  limit: number,
  progress?: (virtualMs: number) => void,
): Promise<void> {
  let events = 0;
  await run.runEvents(
    () => run.sim.step(limit),
    () => {
      run.afterEvent();
      if (progress && ++events % PROGRESS_EVERY === 0) progress(run.sim.now());
      return true;
    },
  );
}

export interface SettleOutcome {
  readonly converged: boolean;
  /** Virtual ms from the heal until the replicas last became equal; null if they are not. */
  readonly convergenceMs: number | null;
  readonly endMs: number;
}

/** Canonical views of every replica and of what each must match, re-read only where something changed. */
class SnapshotCache {
  private readonly json = new Map<string, string>();
  private readonly expected = new Map<string, string>();

  constructor(private readonly run: RunContext) {}

  allEqual(): boolean {
    const run = this.run;
    const refId = run.fleet.referenceId;
    for (const id of run.changed) {
      const host = run.fleet.host(id);
      this.json.set(id, host.alive ? canonicalJson(run.view(id, host.current.snapshot())) : '(crashed)');
    }
    if (run.changed.has(refId)) {
      const ref = run.fleet.host(refId);
      const reference = ref.alive ? ref.current.snapshot() : undefined;
      // Most replicas see the reference the same way (same schema version, no slice): one
      // canonical text per way, not one per replica.
      const byView = new Map<string, string>();
      for (const id of run.fleet.hosts.keys()) {
        const key = run.viewKey(id, refId);
        let json = byView.get(key);
        if (json === undefined) {
          json = reference ? canonicalJson(run.view(id, reference, refId)) : '(crashed)';
          byView.set(key, json);
        }
        this.expected.set(id, json);
      }
    }
    run.changed.clear();
    for (const id of run.fleet.hosts.keys()) if (this.json.get(id) !== this.expected.get(id)) return false;
    return true;
  }
}

/** Runs the final settle from the heal at `healMs` until convergence and quiet, or `deadlineMs`. */
export async function settle(run: RunContext, healMs: number, deadlineMs: number): Promise<SettleOutcome> {
  for (const id of run.fleet.hosts.keys()) run.changed.add(id);
  const cache = new SnapshotCache(run);
  let equalSince: number | null = cache.allEqual() ? healMs : null;
  await run.runEvents(
    () => {
      if (equalSince !== null && run.fleet.network.inFlight() === 0) return false;
      const next = run.sim.nextTime();
      if (next === undefined || next > deadlineMs) return false;
      return run.sim.step();
    },
    () => {
      run.afterEvent();
      if (run.changed.size === 0) return true;
      const equal = cache.allEqual();
      if (!equal) equalSince = null;
      else if (equalSince === null) equalSince = run.sim.now();
      return true;
    },
  );
  return {
    converged: equalSince !== null,
    convergenceMs: equalSince === null ? null : equalSince - healMs,
    endMs: run.sim.now(),
  };
}
