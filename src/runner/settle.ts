/**
 * Driving the simulator, and the final settle: after the final heal, events run until every
 * replica's snapshot has equalled the reference state for a quiet window and nothing is left in
 * flight or disconnected, or until the virtual deadline. Snapshots are re-read only for replicas
 * that changed, after every event, so the convergence time is exact to the event that completed
 * it.
 */
import type { Snapshot } from '../contract/contract.ts';
import { canonicalJson } from '../contract/canonical.ts';
import { QUIET_WINDOW_MS } from '../scenario/define-scenario.ts';
import type { RunContext } from './run-context.ts';

/** Events between two progress reports (the first goes with the first event). */
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
      if (progress && ++events % PROGRESS_EVERY === 1) progress(run.sim.now());
      return true;
    },
  );
}

export interface SettleOutcome {
  readonly converged: boolean;
  /** Virtual ms from the heal until the replicas last became equal; null if they are not. */
  readonly convergenceMs: number | null;
  readonly endMs: number;
  /**
   * Set when the replicas were equal at the deadline but never quiet for the window: what was
   * still pending (messages in flight, connections down).
   */
  readonly notSettled?: string;
}

/** A replica's view (or the reference as a replica sees it), its canonical text made only when needed. */
class View {
  private json: string | undefined;

  constructor(
    readonly snapshot: Snapshot | undefined,
    /** Record counts and text lengths: views that differ here differ, without a canonical text. */
    readonly outline: string,
  ) {}

  static of(snapshot: Snapshot | undefined): View {
    if (!snapshot) return new View(undefined, '(crashed)');
    let outline = '';
    for (const name of Object.keys(snapshot.collections).sort()) {
      outline += `${name}:${Object.keys(snapshot.collections[name] ?? {}).length},`;
    }
    for (const name of Object.keys(snapshot.texts).sort())
      outline += `${name}/${snapshot.texts[name]?.length},`;
    return new View(snapshot, outline);
  }

  canonical(): string {
    return (this.json ??= this.snapshot ? canonicalJson(this.snapshot) : '(crashed)');
  }
}

/**
 * Every replica's view and what each must match, re-read only where something changed. Views
 * are compared by their outlines first, and canonical texts are made only once every outline
 * agrees: while records are still arriving, no snapshot of a large workspace is serialised.
 */
class SnapshotCache {
  private readonly views = new Map<string, { read: Snapshot | undefined; key: string; view: View }>();
  private readonly expected = new Map<string, View>();
  private reference: { read: Snapshot | undefined; byKey: Map<string, View> } | undefined;

  /**
   * `id`'s view of `read` (what a replica's snapshot() returned, or undefined while it is down),
   * reused while the engine returns the same snapshot object and the view key is the same.
   */
  private viewOf(id: string, read: Snapshot | undefined, owner: string): View {
    const key = this.run.viewKey(id, owner);
    const last = owner === id ? this.views.get(id) : undefined;
    if (last && last.read === read && last.key === key) return last.view;
    const view = View.of(read && this.run.view(id, read, owner));
    if (owner === id) this.views.set(id, { read, key, view });
    return view;
  }

  constructor(private readonly run: RunContext) {}

  allEqual(): boolean {
    const run = this.run;
    const refId = run.fleet.referenceId;
    for (const id of run.changed) {
      const host = run.fleet.host(id);
      this.viewOf(id, host.alive ? host.current.snapshot() : undefined, id);
    }
    if (run.changed.has(refId)) {
      const ref = run.fleet.host(refId);
      const read = ref.alive ? ref.current.snapshot() : undefined;
      // Most replicas see the reference the same way (same schema version, no slice): one
      // view per way, not one per replica; the same snapshot as last time, the same views.
      const last = this.reference && this.reference.read === read ? this.reference.byKey : undefined;
      const byKey = new Map<string, View>();
      for (const id of run.fleet.hosts.keys()) {
        const key = run.viewKey(id, refId);
        let view = byKey.get(key) ?? last?.get(key);
        if (view === undefined) view = View.of(read && run.view(id, read, refId));
        byKey.set(key, view);
        this.expected.set(id, view);
      }
      this.reference = { read, byKey };
    }
    run.changed.clear();
    const ids = [...run.fleet.hosts.keys()];
    const pairs = ids.map((id) => [this.views.get(id)?.view, this.expected.get(id)] as const);
    if (pairs.some(([view, expected]) => !view || !expected || view.outline !== expected.outline))
      return false;
    return pairs.every(
      ([view, expected]) => view === expected || view?.canonical() === expected?.canonical(),
    );
  }
}

export { QUIET_WINDOW_MS } from '../scenario/define-scenario.ts';

/**
 * Runs the final settle from the heal at `healMs`: until the replicas have been equal for
 * `quietWindowMs` and, at that moment, nothing is in flight and every connection is up; or
 * until `deadlineMs`. A run that is equal at the deadline without having been quiet did not
 * settle, and the outcome says what was still pending.
 */
export async function settle(
  run: RunContext,
  healMs: number,
  deadlineMs: number,
  quietWindowMs = QUIET_WINDOW_MS,
): Promise<SettleOutcome> {
  for (const id of run.fleet.hosts.keys()) run.changed.add(id);
  const cache = new SnapshotCache(run);
  const network = run.fleet.network;
  let equalSince: number | null = cache.allEqual() ? healMs : null;
  const quiet = (): boolean => network.inFlight() === 0 && network.connectionsDown().length === 0;
  let settled = false;
  await run.runEvents(
    () => {
      const next = run.sim.nextTime();
      // The window's end first: it is one comparison, and most events fall inside the window.
      if (equalSince !== null && (next === undefined || next > equalSince + quietWindowMs) && quiet()) {
        settled = true;
        return false;
      }
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
  const pending = settled ? [] : pendingWork(run);
  return {
    converged: equalSince !== null,
    convergenceMs: equalSince === null ? null : equalSince - healMs,
    endMs: run.sim.now(),
    ...(equalSince !== null && !settled ? { notSettled: pending.join('; ') || 'events still pending' } : {}),
  };
}

/** What keeps a run from being quiet: messages in flight, connections down. */
function pendingWork(run: RunContext): string[] {
  const network = run.fleet.network;
  const inFlight = network.inFlight();
  const down = network.connectionsDown();
  return [
    ...(inFlight > 0 ? [`${inFlight} messages in flight`] : []),
    ...(down.length > 0 ? [`connections not up: ${down.join(', ')}`] : []),
    ...(run.sim.nextTime() !== undefined ? ['events still scheduled'] : []),
  ];
}
