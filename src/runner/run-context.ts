/**
 * The live state of one run: the simulator and its journal, the fleet (`fleet.ts`), the local ops
 * (`local-ops.ts`) and the checks that watch them. It executes timeline steps as simulator events.
 */
import type { Snapshot, Subscription, SyncAdapter } from '../contract/contract.ts';
import { canonicalJson, utf8Length } from '../contract/canonical.ts';
import { latestSchemaVersion, moveRecords } from '../contract/schema-lens.ts';
import type { ScenarioPlan, Step } from '../scenario/define-scenario.ts';
import { Journal } from '../sim/journal.ts';
import { Simulation } from '../sim/simulation.ts';
import { HeapPeak } from '../timing/heap-peak.ts';
import type { Stopwatch } from '../timing/stopwatch.ts';
import { CatchUpWatches } from './catch-up.ts';
import { drainImmediates, driveEvents } from './drain.ts';
import { applyFault, healAll } from './fault-actions.ts';
import { Fleet } from './fleet.ts';
import { InsertTracker } from './insert-tracker.ts';
import { History } from './history.ts';
import { LocalOps } from './local-ops.ts';
import { OwnWrites } from './own-writes.ts';
import type { SeriesSample } from './result.ts';
import { viewOf } from './subscription-view.ts';
import { VisibilityProbes } from './visibility.ts';
import { WireCounter } from './wire-metrics.ts';

/** About this many local ops per run get a visibility probe; more would slow large runs for little gain. */
const MAX_VISIBILITY_PROBES = 500;

/** Keep at most this many error messages in a result. */
const MAX_LISTED = 20;

export class RunContext {
  readonly sim = new Simulation();
  readonly journal = new Journal();
  readonly fleet: Fleet;
  readonly localOps: LocalOps;
  readonly tracker = new InsertTracker();
  readonly history: History;
  readonly probes: VisibilityProbes;
  readonly series: SeriesSample[] = [];
  readonly errors: string[] = [];
  /** Replicas whose state may have changed since the convergence watcher last looked. */
  readonly changed = new Set<string>();
  /** Replicas delivered to since the harness last looked (`afterEvent`). */
  private readonly received = new Set<string>();
  /** The slices clients sync: the plan's, unless the engine cannot and the plan falls back to full sync. */
  readonly subscriptions: Readonly<Record<string, Subscription>>;
  readonly catchUps: CatchUpWatches;
  /** The newest schema version of the plan. */
  readonly latestVersion: number;
  readonly ownWrites?: OwnWrites;
  /** Deliveries the replicas saw (`receive` calls), to check against the journal. */
  deliveriesSeen = 0;
  private readonly wire: WireCounter;

  constructor(
    readonly plan: ScenarioPlan,
    readonly adapter: SyncAdapter,
    readonly seed: number,
    readonly stopwatch: Stopwatch,
    /** Where the run's peak heap is sampled (timing only). */
    readonly heap: HeapPeak = new HeapPeak(),
  ) {
    this.latestVersion = latestSchemaVersion(plan.schema);
    if (plan.ownWrites) this.ownWrites = new OwnWrites(plan.ownWrites.collection, plan.schema);
    const slices = adapter.capabilities.partialSync || plan.sliceFallback !== 'full-sync';
    this.subscriptions = slices ? (plan.subscriptions ?? {}) : {};
    this.catchUps = new CatchUpWatches(
      {
        views: (replica, against) => {
          const [mine, theirs] = [this.fleet.hosts.get(replica), this.fleet.hosts.get(against)];
          if (!mine?.alive || !theirs?.alive) return undefined;
          return {
            mine: this.view(replica, mine.current.snapshot()),
            theirs: this.view(replica, theirs.current.snapshot(), against),
          };
        },
        unsupported: (replica) =>
          plan.subscriptions?.[replica] && !this.subscriptions[replica]
            ? `${adapter.name} cannot sync a slice (no partial sync), so ${replica} synced everything`
            : undefined,
        storedBytes: (replica) =>
          this.stopwatch.engine(() => this.fleet.host(replica).current.storedBytes()).bytes,
      },
      this.journal.entries,
      adapter.capabilities.framing ?? 'messages',
    );
    this.fleet = new Fleet({
      plan,
      adapter,
      seed,
      sim: this.sim,
      journal: this.journal,
      stopwatch,
      subscriptions: this.subscriptions,
      afterReceive: (r) => {
        this.deliveriesSeen++;
        this.changed.add(r);
        this.catchUps.touched(r);
        this.received.add(r);
      },
      log: (message, level) => {
        if (level === 'error') this.recordError(message);
      },
    });
    this.wire = new WireCounter(this.journal.entries, adapter.capabilities.framing ?? 'messages');
    // Probes watch interactive edits; batches (bulk writes) get none.
    const localOps = plan.steps.filter(
      (step) => step.kind === 'work' || step.kind === 'op' || step.kind === 'edit' || step.kind === 'edits',
    ).length;
    const sampleEvery = Math.max(1, Math.ceil(localOps / MAX_VISIBILITY_PROBES));
    this.probes = new VisibilityProbes(this.fleet.ids, sampleEvery, (id) => {
      const host = this.fleet.hosts.get(id);
      return host?.alive ? (path) => host.current.read(path) : undefined;
    });
    this.history = new History(adapter.capabilities, plan.schema, new Set(Object.keys(this.subscriptions)));
    const now = (): number => this.sim.now();
    this.localOps = new LocalOps(
      plan,
      this.fleet,
      stopwatch,
      seed,
      this.history,
      now,
      (id, op, effects, inBatch) => {
        this.changed.add(id);
        this.ownWrites?.record(id, this.snapshotVersion(id), op);
        this.tracker.record(effects);
        this.catchUps.touched(id);
        // A batch is a bulk write (an import, the seeding of a workspace), not an edit someone waits to see.
        if (!inBatch) this.probes.afterApply(id, effects, this.sim.now());
      },
    );
  }

  /** Lists an engine error in the result (the first few; the rest would add nothing). */
  recordError(message: string): void {
    if (this.errors.length < MAX_LISTED) this.errors.push(message);
  }

  /**
   * What `viewer` must agree on in `snapshot` (the state of `owner`, by default the viewer
   * itself): all of it, or the viewer's subscription, moved to the newest schema version so
   * replicas at different versions compare as the fleet will see them. A newer owner's records
   * first go down to the viewer's version: a field the viewer's version does not have cannot be
   * held against it (it comes back as the field's default on the way up, on both sides).
   */
  view(viewer: string, snapshot: Snapshot, owner: string = viewer): Snapshot {
    const schema = this.plan.schema;
    const [from, at] = [this.snapshotVersion(owner), this.snapshotVersion(viewer)];
    let collections = snapshot.collections;
    if (from > at) collections = moveRecords(collections, schema, from, at);
    collections = moveRecords(collections, schema, Math.min(from, at), this.latestVersion);
    return viewOf(
      collections === snapshot.collections ? snapshot : { ...snapshot, collections },
      this.subscriptions[viewer],
    );
  }

  /**
   * What `view(viewer, snapshot, owner)` depends on besides the snapshot: views of one snapshot
   * with the same key are equal, so a check computes each once, not once per replica.
   */
  viewKey(viewer: string, owner: string = viewer): string {
    const subscription = this.subscriptions[viewer];
    return `${this.snapshotVersion(owner)}>${this.snapshotVersion(viewer)}${subscription ? JSON.stringify(subscription) : ''}`;
  }

  /** The schema version of `id`'s snapshot: what the engine says, or what the replica last upgraded to. */
  snapshotVersion(id: string): number {
    const host = this.fleet.hosts.get(id);
    return host?.current.schemaVersion?.() ?? this.localOps.appVersion(id);
  }

  start(): void {
    this.fleet.start();
  }

  /** Schedules every step of the plan on the simulator. */
  schedule(steps: readonly Step[]): void {
    for (const step of steps) this.sim.at(step.at, () => this.execute(step));
  }

  private execute(step: Step): void {
    switch (step.kind) {
      case 'phase':
        this.journal.enterPhase(step.name);
        return;
      case 'sample':
        return this.sample();
      case 'fault':
        return applyFault(this.fleet, step.fault);
      case 'op':
        return this.localOps.op(step.replica, step.op, step.untagged);
      case 'edit':
        return this.localOps.edit(step.replica, step.edit);
      case 'edits':
        return this.localOps.edits(step.replica, step.edits);
      case 'batch':
        return this.localOps.batch(step.replica, step.ops);
      case 'catchUp':
        return this.catchUps.start(
          step.name,
          step.replica,
          step.against ?? this.fleet.referenceId,
          this.sim.now(),
        );
      case 'work':
        return this.localOps.work(step.replica);
    }
  }

  /** Ends every fault (see `healAll`); every replica may have changed. */
  healAll(): void {
    for (const id of healAll(this.fleet)) this.changed.add(id);
  }

  /** Records a point of the time series. */
  sample(): void {
    this.heap.sample();
    const replicas: Record<string, { storedBytes: number; payloadBytes: number }> = {};
    for (const host of this.fleet.hosts.values()) {
      if (!host.alive) continue;
      const replica = host.current;
      replicas[host.id] = {
        storedBytes: this.stopwatch.engine(() => replica.storedBytes()).bytes,
        payloadBytes: utf8Length(canonicalJson(replica.snapshot())),
      };
    }
    const atMs = this.sim.now();
    this.series.push({ atMs, phase: this.journal.phase, wireBytes: this.wire.bytesUntil(atMs), replicas });
  }

  /**
   * The harness's look once an event and the work it started are done: the visibility probes
   * of the replicas it delivered to (an async engine applies what it received in that work, so
   * a look right after `receive` would find it at the replica's next delivery), the catch-up
   * watches, and the memory peak.
   */
  afterEvent(): void {
    if (this.received.size > 0) {
      for (const id of this.received) this.probes.afterReceive(id, this.sim.now());
      this.received.clear();
    }
    this.checkCatchUps();
    this.heap.tick();
  }

  /** Closes the catch-up watches that are done after the last event. */
  checkCatchUps(): void {
    this.catchUps.check(this.sim.now(), this.fleet.network.inFlight() === 0, this.adapter.capabilities.async);
  }

  /**
   * Runs events while `step` runs one (false: none is left to run), letting async engines finish
   * each event's work before `after` looks at it (false: stop).
   */
  runEvents(step: () => boolean, after: () => boolean): Promise<void> {
    return driveEvents({
      stopwatch: this.stopwatch,
      async: this.adapter.capabilities.async,
      step,
      after,
      idle: () => this.idle(),
    });
  }

  /** Waits for the live replicas that are not idle; undefined when all are (the usual case). */
  private idle(): Promise<void> | undefined {
    let waits: Promise<void>[] | undefined;
    for (const host of this.fleet.hosts.values()) {
      if (!host.alive) continue;
      const idle = host.current.idle();
      if (idle) (waits ??= []).push(idle);
    }
    return waits && Promise.all(waits).then(() => {});
  }

  /** Lets async engines finish what the last call started (outside `runEvents`). */
  async settleEngines(): Promise<void> {
    if (!this.adapter.capabilities.async) return;
    await this.stopwatch.engineAsync(async () => {
      await drainImmediates();
      await this.idle();
    });
  }

  /**
   * Closes every replica and waits until closing has finished. Virtual time goes on meanwhile:
   * an async engine may wait on its own (virtual) timers while it shuts down.
   */
  async closeAll(): Promise<void> {
    let done = false;
    const closing = Promise.allSettled([...this.fleet.hosts.values()].map((host) => host.close('end')));
    void closing.then(() => (done = true));
    if (this.adapter.capabilities.async) {
      for (;;) {
        await this.settleEngines();
        if (done) break;
        if (!this.sim.step()) throw new Error('replicas never finished closing');
      }
    }
    const failed = (await closing).find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  }
}
