/**
 * A small running system for timing an engine's primitives: a server and two clients (`c1`
 * edits, `c2` receives) on a LAN link (0.5 ms), holding the standard workload. It runs through the
 * normal runner (a `LiveSystem`), so replicas are created, connected, persisted and restarted
 * exactly as in a scenario; the primitives time single calls into it with wall-clock time.
 */
import { performance } from 'node:perf_hooks';
import type { Op, SyncAdapter } from '../contract/contract.ts';
import type { ScenarioPlan, Step } from '../scenario/define-scenario.ts';
import { LiveSystem } from '../runner/live-system.ts';
import { PROFILES } from '../sim/link-profile.ts';
import type { RandomStream } from '../sim/prng.ts';
import { randomStream } from '../sim/prng.ts';
import type { BenchWorkload } from './bench-result.ts';

/** The network is quiet once nothing is in flight and nothing is due within this many virtual ms. */
const QUIET_MS = 1_000;
/** Give up driving after this much virtual time: an engine that never goes quiet. */
const MAX_DRIVE_MS = 10 * 60_000;
/** Characters per text insert while seeding. */
const SEED_CHUNK = 20;

export const COLLECTION = 'items';
export const TEXT = 'doc';

/** The workload's records and text as ops: creates, then text appended in chunks. */
export function seedOps(workload: BenchWorkload, random: RandomStream): Op[] {
  const ops: Op[] = [];
  for (let i = 0; i < workload.records; i++)
    ops.push({
      kind: 'create',
      collection: COLLECTION,
      id: `r${i}`,
      fields: {
        title: `record ${i}`,
        status: random.pick(['todo', 'doing', 'done']),
        estimate: random.int(1, 8),
      },
    });
  const letters = 'abcdefghijklmnopqrstuvwxyz ';
  for (let at = 0; at < workload.textChars; at += SEED_CHUNK) {
    let text = '';
    for (let i = 0; i < Math.min(SEED_CHUNK, workload.textChars - at); i++) text += random.pick([...letters]);
    ops.push({ kind: 'textInsert', doc: TEXT, index: at, text });
  }
  return ops;
}

function benchPlan(adapter: SyncAdapter, workload: BenchWorkload, random: RandomStream): ScenarioPlan {
  const steps: Step[] = [
    { at: 0, kind: 'phase', name: 'seed' },
    { at: 0, kind: 'batch', replica: 'c1', ops: seedOps(workload, random) },
  ];
  return {
    topology: 'star',
    replicas: 2,
    transport: adapter.capabilities.transports.includes('stream')
      ? 'stream'
      : (adapter.capabilities.transports[0] ?? 'stream'),
    profile: PROFILES.lan,
    schema: { collections: [COLLECTION], texts: [TEXT] },
    steps,
    settleDeadlineMs: MAX_DRIVE_MS,
  };
}

export class BenchRig {
  private readonly random: RandomStream;
  private textLength: number;

  private constructor(
    readonly system: LiveSystem,
    private readonly workload: BenchWorkload,
  ) {
    this.random = randomStream(workload.seed, 'bench:ops');
    this.textLength = workload.textChars;
  }

  /** Starts the system, seeds the workload on `c1` and waits until every replica has it. */
  static async open(adapter: SyncAdapter, workload: BenchWorkload): Promise<BenchRig> {
    const plan = benchPlan(adapter, workload, randomStream(workload.seed, 'bench:seed'));
    const rig = new BenchRig(await LiveSystem.open(plan, adapter, workload.seed), workload);
    try {
      await rig.quiesce();
    } catch (error) {
      await rig.close();
      throw error;
    }
    return rig;
  }

  /**
   * The next local edit: a field update of a random record, or a short text edit. Text edits
   * alternate an insert and a delete of the same length, so the text keeps its length however many
   * ops a time budget allows (the engine's history still grows, as it would).
   */
  nextOp(): Op {
    if (this.random.chance(0.5) || this.workload.records === 0) {
      const index = this.random.int(0, Math.max(0, this.textLength - 3));
      if (this.textLength > this.workload.textChars) {
        const length = this.textLength - this.workload.textChars;
        this.textLength -= length;
        return { kind: 'textDelete', doc: TEXT, index, length };
      }
      const text = 'xyz'.slice(0, this.random.int(1, 3));
      this.textLength += text.length;
      return { kind: 'textInsert', doc: TEXT, index, text };
    }
    const id = `r${this.random.int(0, this.workload.records - 1)}`;
    return { kind: 'update', collection: COLLECTION, id, fields: { estimate: this.random.int(1, 13) } };
  }

  /** Applies `op` on `c1` and lets an async engine finish the write; returns the wall ms it took. */
  async applyLocal(op: Op): Promise<number> {
    const replica = this.system.replica('c1');
    const t0 = performance.now();
    const outcome = replica.apply(op);
    if (this.system.async) await this.system.settleEngines();
    const ms = performance.now() - t0;
    if (outcome.status === 'rejected')
      throw new Error(`the bench workload's op was rejected: ${outcome.reason}`);
    return ms;
  }

  /**
   * Runs events until every client holds what the server holds and the network is quiet.
   * Returns the wall ms of the events that delivered to a replica other than `sender` (with the
   * async work each started), and of all events; the agreement checks count in neither.
   */
  async quiesce(sender?: string): Promise<{ receivingMs: number; totalMs: number }> {
    const { system } = this;
    const deadline = system.now() + MAX_DRIVE_MS;
    let receivingMs = 0;
    let totalMs = 0;
    for (;;) {
      const next = system.nextTime();
      const quiet = system.inFlight() === 0 && (next === undefined || next > system.now() + QUIET_MS);
      if (quiet && this.agreed()) break;
      if (next === undefined || next > deadline)
        throw new Error(`the replicas did not agree within ${MAX_DRIVE_MS / 1000} s of virtual time`);
      system.takeChanged();
      const t0 = performance.now();
      await system.step();
      const ms = performance.now() - t0;
      totalMs += ms;
      if ([...system.takeChanged()].some((id) => id !== sender)) receivingMs += ms;
    }
    system.takeChanged();
    return { receivingMs, totalMs };
  }

  /** Whether every client holds what the server holds (the snapshots compared as the runner does). */
  agreed(): boolean {
    return ['c1', 'c2'].every((id) => this.system.agrees(id, 'server'));
  }

  /** Crashes `id` (its durable storage survives, or is wiped with `wipe`) and lets closing finish. */
  async crash(id: string, wipe = false): Promise<void> {
    await this.system.crash(id, wipe);
  }

  /** Restarts a crashed `id`; returns the wall ms until it is open (its own async work done). */
  async restart(id: string): Promise<number> {
    const t0 = performance.now();
    await this.system.restart(id);
    return performance.now() - t0;
  }

  async close(): Promise<void> {
    await this.system.close();
  }
}
