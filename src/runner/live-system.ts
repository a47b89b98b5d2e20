/**
 * A running system driven step by step from outside a timed run: what the bench needs and no
 * more. It is built by the normal runner (`RunContext`: the same fleet, network, persistence and
 * restarts as in a scenario), but its user sees only replicas by id, the simulator's clock and
 * steps, what is in flight, which replicas changed, and whether two replicas agree as the runner
 * compares them. `SettledRun` is the even narrower look the fuzzer gets at a settled run.
 */
import type { Replica, SyncAdapter } from '../contract/contract.ts';
import { canonicalJson } from '../contract/canonical.ts';
import type { ScenarioPlan } from '../scenario/define-scenario.ts';
import type { JournalEntries } from '../sim/journal.ts';
import { createStopwatch } from '../timing/stopwatch.ts';
import { RunContext } from './run-context.ts';
import { enterAsyncEngineScope } from './async-engine-scope.ts';

/** What the fuzzer looks at once a run has settled: the journal against what the replicas saw. */
export interface SettledRun {
  readonly journal: JournalEntries;
  /** Messages still in flight. */
  inFlight(): number;
  /** Deliveries the replicas saw (`receive` calls). */
  readonly deliveriesSeen: number;
}

export function settledView(run: RunContext): SettledRun {
  return {
    journal: run.journal.entries,
    inFlight: () => run.fleet.network.inFlight(),
    deliveriesSeen: run.deliveriesSeen,
  };
}

export class LiveSystem {
  private constructor(
    private readonly run: RunContext,
    private readonly leave: () => void,
  ) {}

  /** Opens the plan's fleet, lets async engines finish opening, and schedules the plan's steps. */
  static async open(plan: ScenarioPlan, adapter: SyncAdapter, seed: number): Promise<LiveSystem> {
    const run = new RunContext(plan, adapter, seed, createStopwatch());
    const leave = adapter.capabilities.async
      ? enterAsyncEngineScope(run, seed, run.stopwatch, adapter.capabilities.needsFreshProcess !== undefined)
      : () => {};
    const system = new LiveSystem(run, leave);
    try {
      run.start();
      await run.settleEngines();
      run.schedule(plan.steps);
    } catch (error) {
      await system.close();
      throw error;
    }
    return system;
  }

  /** Whether the engine's hooks are async (their work must be let finish after each call). */
  get async(): boolean {
    return this.run.adapter.capabilities.async;
  }

  /** The current incarnation of replica `id`. */
  replica(id: string): Replica {
    return this.run.fleet.host(id).current;
  }

  /** Virtual ms now, and when the next event is due (undefined: nothing is). */
  now(): number {
    return this.run.sim.now();
  }

  nextTime(): number | undefined {
    return this.run.sim.nextTime();
  }

  /** Runs the next event, then lets async engines finish what it started. */
  async step(): Promise<void> {
    this.run.sim.step();
    await this.run.settleEngines();
  }

  /** Lets async engines finish what the last call started. */
  async settleEngines(): Promise<void> {
    await this.run.settleEngines();
  }

  inFlight(): number {
    return this.run.fleet.network.inFlight();
  }

  /** The replicas whose state may have changed since the last call. */
  takeChanged(): ReadonlySet<string> {
    const changed = new Set(this.run.changed);
    this.run.changed.clear();
    return changed;
  }

  /** Whether `id` holds what `against` holds, compared as the runner compares them (both must be up). */
  agrees(id: string, against: string): boolean {
    const [mine, theirs] = [this.run.fleet.host(id), this.run.fleet.host(against)];
    if (!mine.alive || !theirs.alive) return false;
    const expected = canonicalJson(this.run.view(against, theirs.current.snapshot()));
    return canonicalJson(this.run.view(id, mine.current.snapshot())) === expected;
  }

  /** Crashes `id` (its durable storage survives, or is wiped with `wipe`) and lets closing finish. */
  async crash(id: string, wipe = false): Promise<void> {
    const host = this.run.fleet.host(id);
    host.crash();
    await this.run.settleEngines();
    if (wipe) for (const key of host.storage.keys()) host.storage.delete(key);
  }

  /** Restarts a crashed `id` and lets it finish opening. */
  async restart(id: string): Promise<void> {
    this.run.fleet.host(id).restart();
    await this.run.settleEngines();
  }

  async close(): Promise<void> {
    try {
      await this.run.closeAll();
    } finally {
      this.leave();
    }
  }
}
