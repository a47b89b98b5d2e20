/**
 * The live state of one run: simulator, network, replica hosts, workloads and the checks that
 * watch local ops. It executes timeline steps as simulator events.
 */
import type {
  ApplyOutcome,
  Op,
  ReplicaRole,
  Snapshot,
  Subscription,
  SyncAdapter,
} from '../contract/contract.ts';
import type { ScenarioPlan, Step } from '../scenario/define-scenario.ts';
import { replicaIds } from '../scenario/define-scenario.ts';
import { CollaborativeWorkload } from '../scenario/workloads/collaborative.ts';
import type { EditIntent } from '../scenario/edit-intent.ts';
import { resolveEdit } from '../scenario/edit-intent.ts';
import { latestSchemaVersion, moveRecords } from '../contract/schema-lens.ts';
import { Journal } from '../sim/journal.ts';
import { Network } from '../sim/network.ts';
import { randomStream } from '../sim/prng.ts';
import { Simulation } from '../sim/simulation.ts';
import { HeapPeak } from '../timing/heap-peak.ts';
import type { Stopwatch } from '../timing/stopwatch.ts';
import { canonicalJson, utf8Length } from '../contract/canonical.ts';
import { CatchUpWatches } from './catch-up.ts';
import { drainImmediates } from './drain.ts';
import { InsertTracker } from './insert-tracker.ts';
import type { OpEffects } from './op-effects.ts';
import { effectsOf } from './op-effects.ts';
import { OwnWrites } from './own-writes.ts';
import { applyFault, healAll } from './fault-actions.ts';
import { ReplicaHost } from './replica-host.ts';
import { viewOf } from './subscription-view.ts';
import type { SeriesSample } from './result.ts';
import { VisibilityProbes } from './visibility.ts';
import { WireCounter } from './wire-metrics.ts';

/** About this many local ops per run get a visibility probe; more would slow large runs for little gain. */
const MAX_VISIBILITY_PROBES = 500;

/** What an untagged op (e.g. a replayed trace's keystroke) gives the checks: nothing to trace. */
const UNTAGGED: OpEffects = {
  createsRecord: false,
  deletesRecord: false,
  insertedTokens: [],
  deletedTokens: [],
};

/** Keep at most this many rejection and error messages in a result. */
const MAX_LISTED = 20;

export class RunContext {
  readonly sim = new Simulation();
  readonly journal = new Journal();
  readonly network: Network;
  readonly hosts = new Map<string, ReplicaHost>();
  readonly roles = new Map<string, ReplicaRole>();
  readonly tracker = new InsertTracker();
  readonly probes: VisibilityProbes;
  readonly series: SeriesSample[] = [];
  readonly opsByKind: Record<string, number> = {};
  readonly rejections: string[] = [];
  readonly errors: string[] = [];
  /** Replicas whose state may have changed since the convergence watcher last looked. */
  readonly changed = new Set<string>();
  /** The slices clients sync: the plan's, unless the engine cannot and the plan falls back to full sync. */
  readonly subscriptions: Readonly<Record<string, Subscription>>;
  readonly catchUps: CatchUpWatches;
  /** The replica others must match: the server in a star, the first peer in a mesh. */
  readonly referenceId: string;
  /** Each replica's schema version, as its applied `upgradeSchema` ops left it. */
  readonly versions = new Map<string, number>();
  /** The newest schema version of the plan. */
  readonly latestVersion: number;
  readonly ownWrites?: OwnWrites;
  opsApplied = 0;
  /** Edit intents that found nothing to act on (no record to update, no token to erase). */
  editsWithoutTarget = 0;
  /** Deliveries the replicas saw (`receive` calls), to check against the journal. */
  deliveriesSeen = 0;
  private readonly editSeq = new Map<string, number>();
  /** Local ops not issued because their replica was crashed at the time. */
  opsSkipped = 0;
  rejectedOps = 0;
  private readonly workloads = new Map<string, CollaborativeWorkload>();
  private readonly wire: WireCounter;

  constructor(
    readonly plan: ScenarioPlan,
    readonly adapter: SyncAdapter,
    readonly seed: number,
    readonly stopwatch: Stopwatch,
    /** Where the run's peak heap is sampled (timing only). */
    readonly heap: HeapPeak = new HeapPeak(),
  ) {
    const ids = replicaIds(plan);
    const star = plan.topology === 'star';
    this.referenceId = ids[0] ?? 'server';
    this.latestVersion = latestSchemaVersion(plan.schema);
    if (plan.ownWrites) this.ownWrites = new OwnWrites(plan.ownWrites.collection, plan.schema);
    const slices = adapter.capabilities.partialSync || plan.sliceFallback !== 'full-sync';
    this.subscriptions = slices ? (plan.subscriptions ?? {}) : {};
    this.catchUps = new CatchUpWatches(
      {
        views: (replica, against) => {
          const [mine, theirs] = [this.hosts.get(replica), this.hosts.get(against)];
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
        storedBytes: (replica) => this.stopwatch.engine(() => this.host(replica).current.storedBytes()).bytes,
      },
      this.journal.entries,
    );
    const pairs: [string, string][] = [];
    for (const [i, a] of ids.entries()) {
      for (const b of ids.slice(i + 1)) if (!star || a === 'server') pairs.push([b, a]);
    }
    this.network = new Network({
      sim: this.sim,
      seed,
      transport: plan.transport,
      pairs,
      profile: plan.profile,
      journal: this.journal,
    });
    this.wire = new WireCounter(this.journal.entries);
    // Probes watch interactive edits; batches (bulk writes) get none.
    const localOps = plan.steps.filter(
      (step) => step.kind === 'work' || step.kind === 'op' || step.kind === 'edit',
    ).length;
    const sampleEvery = Math.max(1, Math.ceil(localOps / MAX_VISIBILITY_PROBES));
    this.probes = new VisibilityProbes(ids, sampleEvery, (id) => {
      const host = this.hosts.get(id);
      return host?.alive ? (path) => host.current.read(path) : undefined;
    });
    for (const id of ids) {
      const role: ReplicaRole = star ? (id === 'server' ? 'server' : 'client') : 'peer';
      const peers = pairs.filter((p) => p.includes(id)).map(([a, b]) => (a === id ? b : a));
      this.roles.set(id, role);
      this.hosts.set(
        id,
        new ReplicaHost({
          id,
          role,
          peers,
          topology: plan.topology,
          adapter,
          schema: plan.schema,
          subscription: this.subscriptions[id],
          seed,
          sim: this.sim,
          network: this.network,
          stopwatch,
          afterReceive: (r) => {
            this.deliveriesSeen++;
            this.changed.add(r);
            this.catchUps.touched(r);
            this.probes.afterReceive(r, this.sim.now());
          },
          log: (message, level) => {
            if (level === 'error') this.recordError(message);
          },
        }),
      );
      if (role !== 'server' && plan.workload)
        this.workloads.set(
          id,
          new CollaborativeWorkload(plan.workload, id, randomStream(seed, `workload:${id}`)),
        );
    }
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

  /** The schema version of `id`'s snapshot: what the engine says, or what the replica last upgraded to. */
  snapshotVersion(id: string): number {
    const host = this.hosts.get(id);
    return host?.current.schemaVersion?.() ?? this.versions.get(id) ?? this.plan.schema.version ?? 1;
  }

  host(id: string): ReplicaHost {
    const host = this.hosts.get(id);
    if (!host) throw new Error(`no replica ${id}`);
    return host;
  }

  start(): void {
    for (const host of this.hosts.values()) host.start();
    this.network.start();
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
        return applyFault(this, step.fault);
      case 'op':
        return this.applyLocal(step.replica, () => step.op, step.untagged);
      case 'edit':
        return this.applyEdit(step.replica, step.edit);
      case 'batch':
        return this.applyBatch(step.replica, step.ops);
      case 'catchUp':
        return this.catchUps.start(step.name, step.replica, step.against ?? this.referenceId, this.sim.now());
      case 'work': {
        const workload = this.workloads.get(step.replica);
        if (!workload) throw new Error(`replica ${step.replica} has no workload (servers do not edit)`);
        return this.applyLocal(step.replica, (view) => workload.next(view));
      }
    }
  }

  /** Applies a local op on `id` (skipped while the replica is crashed: nobody is there to edit). */
  private applyLocal(
    id: string,
    makeOp: (view: ReplicaHost['current']) => Op,
    untagged = false,
    inBatch = false,
  ): void {
    const host = this.host(id);
    if (!host.alive) {
      this.opsSkipped++;
      return;
    }
    const replica = host.current;
    const op = makeOp(replica);
    const effects = untagged ? UNTAGGED : effectsOf(op, (path) => replica.read(path));
    const outcome = this.stopwatch.engine(() => replica.apply(op));
    this.recordOutcome(id, op, outcome, effects, inBatch);
  }

  /** Resolves an edit intent on the replica as it is now, then applies it (nothing to act on: nothing happens). */
  private applyEdit(id: string, edit: EditIntent): void {
    const host = this.host(id);
    if (!host.alive) {
      this.opsSkipped++;
      return;
    }
    const seq = (this.editSeq.get(id) ?? 0) + 1;
    this.editSeq.set(id, seq);
    const op = resolveEdit(edit, id, seq, host.current);
    if (op) this.applyLocal(id, () => op);
    else this.editsWithoutTarget++;
  }

  /** Counts what became of a local op and hands what it did to the checks. */
  private recordOutcome(
    id: string,
    op: Op,
    outcome: ApplyOutcome,
    effects: OpEffects,
    inBatch: boolean,
  ): void {
    if (outcome.status === 'rejected') {
      this.rejectedOps++;
      if (this.rejections.length < MAX_LISTED) this.rejections.push(`${id} ${op.kind}: ${outcome.reason}`);
      return;
    }
    this.changed.add(id);
    this.ownWrites?.record(id, this.snapshotVersion(id), op);
    if (op.kind === 'upgradeSchema') this.versions.set(id, op.version);
    this.opsApplied++;
    this.opsByKind[op.kind] = (this.opsByKind[op.kind] ?? 0) + 1;
    this.tracker.record(effects);
    this.catchUps.touched(id);
    // A batch is a bulk write (an import, the seeding of a workspace), not an edit someone waits to see.
    if (!inBatch) this.probes.afterApply(id, effects, this.sim.now());
  }

  /**
   * Applies local ops as one unit of work where the engine has one (`applyBatch`), else one by
   * one at the same instant.
   */
  private applyBatch(id: string, ops: readonly Op[]): void {
    const host = this.host(id);
    const replica = host.current;
    if (!host.alive || !replica.applyBatch) {
      for (const op of ops) this.applyLocal(id, () => op, false, true);
      return;
    }
    const effects = ops.map((op) => effectsOf(op, (path) => replica.read(path)));
    const outcomes = this.stopwatch.engine(() => replica.applyBatch?.(ops) ?? []);
    ops.forEach((op, i) =>
      this.recordOutcome(id, op, outcomes[i] ?? { status: 'applied' }, effects[i] ?? UNTAGGED, true),
    );
  }

  /** Ends every fault (see `healAll`); every replica may have changed. */
  healAll(): void {
    for (const id of healAll(this)) this.changed.add(id);
  }

  /** Records a point of the time series. */
  sample(): void {
    this.heap.sample();
    const replicas: Record<string, { storedBytes: number; payloadBytes: number }> = {};
    for (const host of this.hosts.values()) {
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

  /** Closes the catch-up watches that are done after the last event. */
  checkCatchUps(): void {
    this.catchUps.check(this.sim.now(), this.network.inFlight() === 0, this.adapter.capabilities.async);
  }

  /** Lets async engines finish what the last event started. */
  async settleEngines(): Promise<void> {
    if (!this.adapter.capabilities.async) return;
    await this.stopwatch.engineAsync(async () => {
      await drainImmediates();
      for (const host of this.hosts.values()) if (host.alive) await host.current.idle();
    });
  }

  /**
   * Closes every replica and waits until closing has finished. Virtual time goes on meanwhile:
   * an async engine may wait on its own (virtual) timers while it shuts down.
   */
  async closeAll(): Promise<void> {
    let done = false;
    const closing = Promise.allSettled([...this.hosts.values()].map((host) => host.close('end')));
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
