/**
 * Visibility latency: for sampled local ops, the virtual time from the op until its effect is
 * readable on every other replica. Each replica is checked right after each delivery to it, so
 * the timing is exact to the delivery event. A probe is dropped as superseded when a later op
 * touches the same record or deletes the token it watches, since its effect may never show.
 */
import type { ReadPath, ReadValue } from '../contract/contract.ts';
import type { LatencySummary } from './result.ts';
import type { OpEffects } from './op-effects.ts';

interface Probe {
  readonly startMs: number;
  readonly key: string;
  readonly pending: Set<string>;
  readonly visible: (read: (path: ReadPath) => ReadValue) => boolean;
}

type Reader = (replica: string) => ((path: ReadPath) => ReadValue) | undefined;

export class VisibilityProbes {
  private active: Probe[] = [];
  /** How many active probes wait on each replica, and watch each key: most deliveries and ops concern none. */
  private readonly waitingOn = new Counts();
  private readonly watching = new Counts();
  private readonly latencies: number[] = [];
  private superseded = 0;
  private opCount = 0;

  constructor(
    private readonly replicas: readonly string[],
    private readonly sampleEvery: number,
    private readonly reader: Reader,
  ) {}

  /** Registers a local op that has just been applied on `origin` at `nowMs`. */
  afterApply(origin: string, effects: OpEffects, nowMs: number): void {
    const keys = [effects.record?.key, ...effects.deletedTokens].filter((k): k is string => k !== undefined);
    if (keys.some((k) => this.watching.has(k))) {
      const before = this.active.length;
      this.active = this.active.filter((p) => !keys.includes(p.key) || !this.forget(p));
      this.superseded += before - this.active.length;
    }
    if (this.opCount++ % this.sampleEvery !== 0) return;
    const visible = predicate(effects);
    if (!visible) return;
    const pending = new Set(this.replicas.filter((r) => r !== origin));
    const key = effects.record?.key ?? effects.insertedTokens[0] ?? effects.deletedTokens[0] ?? '';
    this.active.push({ startMs: nowMs, key, pending, visible });
    this.watching.add(key);
    for (const replica of pending) this.waitingOn.add(replica);
  }

  /** Drops a probe's counts; true, to filter it out. */
  private forget(probe: Probe): true {
    this.watching.remove(probe.key);
    for (const replica of probe.pending) this.waitingOn.remove(replica);
    return true;
  }

  /** Checks the probes waiting on `replica` after a delivery to it. */
  afterReceive(replica: string, nowMs: number): void {
    // Most deliveries (heartbeats, presence) come while no probe waits on their replica.
    if (!this.waitingOn.has(replica)) return;
    const direct = this.reader(replica);
    if (!direct) return;
    // Many probes look at the same text or record: read each path once per delivery.
    const seen = new Map<string, ReadValue>();
    const read = (path: ReadPath): ReadValue => {
      const key = path.kind === 'text' ? `t:${path.doc}` : `r:${path.collection}/${path.id}`;
      if (!seen.has(key)) seen.set(key, direct(path));
      return seen.get(key);
    };
    let finished = false;
    for (const probe of this.active) {
      if (!probe.pending.has(replica) || !probe.visible(read)) continue;
      probe.pending.delete(replica);
      this.waitingOn.remove(replica);
      if (probe.pending.size === 0) {
        this.latencies.push(nowMs - probe.startMs);
        this.watching.remove(probe.key);
        finished = true;
      }
    }
    if (finished) this.active = this.active.filter((p) => p.pending.size > 0);
  }

  summary(): LatencySummary {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return {
      p50Ms: percentile(sorted, 0.5),
      p95Ms: percentile(sorted, 0.95),
      p99Ms: percentile(sorted, 0.99),
      maxMs: sorted.length ? (sorted[sorted.length - 1] ?? null) : null,
      samples: sorted.length,
      unresolved: this.active.length,
      superseded: this.superseded,
      resolutionMs: 0,
      sampledEvery: this.sampleEvery,
      histogram: HISTOGRAM_BOUNDS_MS.map((upToMs, i) => ({
        upToMs: Number.isFinite(upToMs) ? upToMs : null,
        count: sorted.filter((v) => v <= upToMs && (i === 0 || v > (HISTOGRAM_BOUNDS_MS[i - 1] ?? 0))).length,
      })),
    };
  }
}

/** A multiset of strings. */
class Counts {
  private readonly counts = new Map<string, number>();

  has(key: string): boolean {
    return this.counts.has(key);
  }

  add(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  remove(key: string): void {
    const n = (this.counts.get(key) ?? 0) - 1;
    if (n > 0) this.counts.set(key, n);
    else this.counts.delete(key);
  }
}

/** Upper bounds of the latency histogram's buckets, ms: 10 ms … 1 day, then everything above. */
export const HISTOGRAM_BOUNDS_MS = [10, 100, 1_000, 10_000, 60_000, 600_000, 3_600_000, 86_400_000, Infinity];

/** Nearest-rank percentile of an ascending array; null when empty. */
export function percentile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? null;
}

function predicate(e: OpEffects): Probe['visible'] | undefined {
  const record = e.record;
  if (record) {
    const path: ReadPath = { kind: 'record', collection: record.collection, id: record.id };
    if (e.deletesRecord) return (read) => read(path) === undefined;
    if (e.createsRecord) return (read) => read(path) !== undefined;
    const fields = Object.entries(e.fields ?? {});
    return (read) => {
      const value = read(path);
      return typeof value === 'object' && fields.every(([k, v]) => value[k] === v);
    };
  }
  if (e.doc === undefined) return undefined;
  const path: ReadPath = { kind: 'text', doc: e.doc };
  const inserted = e.insertedTokens;
  const deleted = e.deletedTokens;
  if (inserted.length === 0 && deleted.length === 0) return undefined;
  return (read) => {
    const text = read(path);
    if (typeof text !== 'string') return false;
    return inserted.every((t) => text.includes(t)) && deleted.every((t) => !text.includes(t));
  };
}
