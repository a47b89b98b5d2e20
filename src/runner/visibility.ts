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
  /** The record or token whose later change supersedes the probe. */
  readonly key: string;
  /** What the probe reads, and its key in a delivery's reads. */
  readonly path: ReadPath;
  readonly pathKey: string;
  readonly pending: Set<string>;
  readonly visible: (value: ReadValue) => boolean;
  /**
   * Per replica, the version of the text (see `TextVersions`) the probe last found its effect
   * missing from: visibility depends on the value alone, so the same text again needs no new
   * look (most of a long offline period's deliveries change nothing the probes read).
   */
  readonly missingFrom: Map<string, number>;
}

type Reader = (replica: string) => ((path: ReadPath) => ReadValue) | undefined;

export class VisibilityProbes {
  private active: Probe[] = [];
  /** The active probes waiting on each replica: most deliveries come where none waits. */
  private readonly waitingOn = new Map<string, Set<Probe>>();
  /** How many active probes watch each key: most ops supersede none. */
  private readonly watching = new Map<string, number>();
  private readonly latencies: number[] = [];
  private superseded = 0;
  private opCount = 0;
  private readonly texts = new TextVersions();

  constructor(
    private readonly replicas: readonly string[],
    private readonly sampleEvery: number,
    private readonly reader: Reader,
  ) {
    for (const replica of replicas) this.waitingOn.set(replica, new Set());
  }

  /** Registers a local op that has just been applied on `origin` at `nowMs`. */
  afterApply(origin: string, effects: OpEffects, nowMs: number): void {
    const keys = [effects.record?.key, ...effects.deletedTokens].filter((k): k is string => k !== undefined);
    if (keys.some((k) => this.watching.has(k))) {
      const before = this.active.length;
      this.active = this.active.filter((p) => !keys.includes(p.key) || !this.forget(p));
      this.superseded += before - this.active.length;
    }
    if (this.opCount++ % this.sampleEvery !== 0) return;
    const watched = predicate(effects);
    if (!watched) return;
    const pending = new Set(this.replicas.filter((r) => r !== origin));
    const key = effects.record?.key ?? effects.insertedTokens[0] ?? effects.deletedTokens[0] ?? '';
    const { path, visible } = watched;
    const pathKey = path.kind === 'text' ? `t:${path.doc}` : `r:${path.collection}/${path.id}`;
    const probe: Probe = { startMs: nowMs, key, path, pathKey, pending, visible, missingFrom: new Map() };
    this.active.push(probe);
    this.watching.set(key, (this.watching.get(key) ?? 0) + 1);
    for (const replica of pending) this.waitingOn.get(replica)?.add(probe);
  }

  /** Drops a probe from the indexes; true, to filter it out. */
  private forget(probe: Probe): true {
    this.unwatch(probe.key);
    for (const replica of probe.pending) this.waitingOn.get(replica)?.delete(probe);
    return true;
  }

  private unwatch(key: string): void {
    const n = (this.watching.get(key) ?? 0) - 1;
    if (n > 0) this.watching.set(key, n);
    else this.watching.delete(key);
  }

  /** Checks the probes waiting on `replica` once a delivery to it has been handled. */
  afterReceive(replica: string, nowMs: number): void {
    const waiting = this.waitingOn.get(replica);
    if (waiting === undefined || waiting.size === 0) return;
    const direct = this.reader(replica);
    if (!direct) return;
    // Many probes look at the same text or record: read each path once per delivery.
    const reads = new Map<string, { value: ReadValue; version: number }>();
    let finished = false;
    for (const probe of waiting) {
      let read = reads.get(probe.pathKey);
      if (read === undefined) {
        const value = direct(probe.path);
        const version = typeof value === 'string' ? this.texts.version(replica, probe.pathKey, value) : -1;
        reads.set(probe.pathKey, (read = { value, version }));
      }
      if (read.version >= 0 && probe.missingFrom.get(replica) === read.version) continue;
      if (!probe.visible(read.value)) {
        if (read.version >= 0) probe.missingFrom.set(replica, read.version);
        continue;
      }
      probe.pending.delete(replica);
      probe.missingFrom.delete(replica);
      waiting.delete(probe);
      if (probe.pending.size === 0) {
        this.latencies.push(nowMs - probe.startMs);
        this.unwatch(probe.key);
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

/**
 * A number per text a replica held: the same number while the text stays the same, a new one
 * when it changes. One comparison with the last text per delivery, not one per probe.
 */
class TextVersions {
  private readonly last = new Map<string, { text: string; version: number }>();
  private next = 0;

  version(replica: string, pathKey: string, text: string): number {
    const key = `${replica}\u0000${pathKey}`;
    const last = this.last.get(key);
    if (last && last.text === text) return last.version;
    const version = this.next++;
    this.last.set(key, { text, version });
    return version;
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

function predicate(e: OpEffects): Pick<Probe, 'path' | 'visible'> | undefined {
  const record = e.record;
  if (record) {
    const path: ReadPath = { kind: 'record', collection: record.collection, id: record.id };
    if (e.deletesRecord) return { path, visible: (value) => value === undefined };
    if (e.createsRecord) return { path, visible: (value) => value !== undefined };
    const fields = Object.entries(e.fields ?? {});
    return {
      path,
      visible: (value) => typeof value === 'object' && fields.every(([k, v]) => value[k] === v),
    };
  }
  if (e.doc === undefined) return undefined;
  const path: ReadPath = { kind: 'text', doc: e.doc };
  const inserted = e.insertedTokens;
  const deleted = e.deletedTokens;
  if (inserted.length === 0 && deleted.length === 0) return undefined;
  return {
    path,
    visible: (text) =>
      typeof text === 'string' &&
      inserted.every((t) => text.includes(t)) &&
      deleted.every((t) => !text.includes(t)),
  };
}
