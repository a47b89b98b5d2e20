/**
 * Local ops of one run: issuing them on replicas (exact ops, edit intents resolved on the replica,
 * workload picks, batches) and counting what became of them: applied by kind, rejected (with the
 * first few reasons), skipped while the replica was crashed, intents with nothing to act on.
 * What an applied op means for the checks is handed to `onApplied`.
 */
import type { ApplyOutcome, Op, ReadPath, ReadValue } from '../contract/contract.ts';
import type { ScenarioPlan } from '../scenario/define-scenario.ts';
import type { EditIntent } from '../scenario/edit-intent.ts';
import { resolveEdit } from '../scenario/edit-intent.ts';
import { CollaborativeWorkload } from '../scenario/workloads/collaborative.ts';
import { randomStream } from '../sim/prng.ts';
import type { Stopwatch } from '../timing/stopwatch.ts';
import type { Fleet } from './fleet.ts';
import type { Before, History } from './history.ts';
import type { OpEffects } from './op-effects.ts';
import { effectsOf } from './op-effects.ts';
import type { ReplicaHost } from './replica-host.ts';

/** What an untagged op (e.g. a replayed trace's keystroke) gives the checks: nothing to trace. */
const UNTAGGED: OpEffects = {
  createsRecord: false,
  deletesRecord: false,
  insertedTokens: [],
  deletedTokens: [],
};

/** Keep at most this many rejection messages in a result. */
const MAX_LISTED = 20;

/** Called for every op a replica applied; `inBatch` for the ops of a bulk write. */
export type OnApplied = (replica: string, op: Op, effects: OpEffects, inBatch: boolean) => void;

export class LocalOps {
  applied = 0;
  readonly appliedByKind: Record<string, number> = {};
  rejected = 0;
  readonly rejections: string[] = [];
  /** Local ops not issued because their replica was crashed at the time. */
  skipped = 0;
  /** Edit intents that found nothing to act on (no record to update, no token to erase). */
  withoutTarget = 0;
  private readonly editSeq = new Map<string, number>();
  /** Each replica's app schema version, as its applied `upgradeSchema` ops left it. */
  private readonly versions = new Map<string, number>();
  private readonly workloads = new Map<string, CollaborativeWorkload>();

  constructor(
    private readonly plan: ScenarioPlan,
    private readonly fleet: Fleet,
    private readonly stopwatch: Stopwatch,
    seed: number,
    private readonly history: History,
    private readonly now: () => number,
    private readonly onApplied: OnApplied,
  ) {
    if (plan.workload)
      for (const [id, role] of fleet.roles)
        if (role !== 'server')
          this.workloads.set(
            id,
            new CollaborativeWorkload(plan.workload, id, randomStream(seed, `workload:${id}`)),
          );
  }

  /** The schema version `id`'s app is at: the last it upgraded to, or the schema's starting one. */
  appVersion(id: string): number {
    return this.versions.get(id) ?? this.plan.schema.version ?? 1;
  }

  /** Applies an exact op on `id` (skipped while the replica is crashed: nobody is there to edit). */
  op(id: string, op: Op, untagged = false): void {
    this.apply(id, () => op, untagged);
  }

  /** The next op of `id`'s workload. */
  work(id: string): void {
    const workload = this.workloads.get(id);
    if (!workload) throw new Error(`replica ${id} has no workload (servers do not edit)`);
    this.apply(id, (view) => workload.next(view));
  }

  /** Resolves an edit intent on the replica as it is now, then applies it (nothing to act on: nothing happens). */
  edit(id: string, edit: EditIntent): void {
    const host = this.fleet.host(id);
    if (!host.alive) {
      this.skipped++;
      return;
    }
    const op = this.resolve(id, edit);
    if (op) this.apply(id, () => op);
    else this.withoutTarget++;
  }

  /** `edit` as the next edit of `id`, on the replica as it is now (undefined: nothing to act on). */
  private resolve(id: string, edit: EditIntent): Op | undefined {
    const seq = (this.editSeq.get(id) ?? 0) + 1;
    this.editSeq.set(id, seq);
    const at = { schema: this.plan.schema, version: this.appVersion(id) };
    return resolveEdit(edit, id, seq, this.fleet.host(id).current, at);
  }

  /**
   * Resolves several edit intents on the replica as it is now (none sees another's effect), then
   * applies the ops as one unit of work (`batch`); intents with nothing to act on drop out.
   */
  edits(id: string, edits: readonly EditIntent[]): void {
    const host = this.fleet.host(id);
    if (!host.alive) {
      this.skipped += edits.length;
      return;
    }
    const ops: Op[] = [];
    const deleted = new Set<string>();
    for (const edit of edits) {
      const op = this.resolve(id, edit);
      // A record this batch deletes is not there for its later edits.
      const gone =
        (op?.kind === 'update' || op?.kind === 'delete') && deleted.has(`${op.collection}/${op.id}`);
      if (op && !gone) ops.push(op);
      else this.withoutTarget++;
      if (op?.kind === 'delete') deleted.add(`${op.collection}/${op.id}`);
    }
    if (ops.length) this.batch(id, ops);
  }

  /**
   * Applies local ops as one unit of work where the engine has one (`applyBatch`), else one by
   * one at the same instant.
   */
  batch(id: string, ops: readonly Op[]): void {
    const host = this.fleet.host(id);
    const replica = host.current;
    if (!host.alive || !replica.applyBatch) {
      for (const op of ops) this.apply(id, () => op, false, true);
      return;
    }
    const read = (path: ReadPath): ReadValue => replica.read(path);
    const effects = ops.map((op) => effectsOf(op, read));
    const befores = ops.map((op) => this.history.before(op, read, this.appVersion(id)));
    const outcomes = this.stopwatch.engine(() => replica.applyBatch?.(ops) ?? []);
    ops.forEach((op, i) =>
      this.record(id, op, outcomes[i] ?? { status: 'applied' }, effects[i] ?? UNTAGGED, true, befores[i]),
    );
  }

  private apply(
    id: string,
    makeOp: (view: ReplicaHost['current']) => Op,
    untagged = false,
    inBatch = false,
  ): void {
    const host = this.fleet.host(id);
    if (!host.alive) {
      this.skipped++;
      return;
    }
    const replica = host.current;
    const op = makeOp(replica);
    const read = (path: ReadPath): ReadValue => replica.read(path);
    const effects = untagged ? UNTAGGED : effectsOf(op, read);
    const before = untagged ? undefined : this.history.before(op, read, this.appVersion(id));
    const outcome = this.stopwatch.engine(() => replica.apply(op));
    this.record(id, op, outcome, effects, inBatch, before);
  }

  private record(
    id: string,
    op: Op,
    outcome: ApplyOutcome,
    effects: OpEffects,
    inBatch: boolean,
    before: Before | undefined,
  ): void {
    const replica = this.fleet.host(id).current;
    if (before)
      this.history.written(
        id,
        this.now(),
        before,
        outcome,
        effects.insertedTokens,
        effects.deletedTokens,
        (path) => replica.read(path),
      );
    else this.history.untraced(op);
    if (outcome.status === 'rejected') {
      this.rejected++;
      if (this.rejections.length < MAX_LISTED) this.rejections.push(`${id} ${op.kind}: ${outcome.reason}`);
      return;
    }
    this.applied++;
    if (op.kind === 'upgradeSchema') this.versions.set(id, op.version);
    this.appliedByKind[op.kind] = (this.appliedByKind[op.kind] ?? 0) + 1;
    this.onApplied(id, op, effects, inBatch);
  }
}
