/**
 * Linearizes a concurrent editing trace: each txn was typed on the merged state of its `parents`,
 * so its positions count the characters that state had. Replayed in the trace's order on clients
 * that have received every earlier txn, a txn's positions must count those instead. This keeps
 * every character ever inserted in merged order (deleted ones as tombstones) and re-counts each
 * patch's position in the state of all earlier txns. The trace promises no two agents insert at
 * one position concurrently, so the merged order is the same whatever the engine.
 */
import { UsageError } from '../../errors.ts';
import type { EditingTrace, TracePatch, TraceTxn } from './editing-trace.ts';

/** A txn of the linearized trace: who types it and its patches against all earlier txns. */
export interface LinearTxn {
  readonly agent: number;
  readonly patches: readonly TracePatch[];
}

interface Item {
  readonly char: string;
  /** The agent and its txn number (1-based) that inserted it. */
  readonly agent: number;
  readonly seq: number;
  /** Txns that deleted it, as [agent, seq]. */
  readonly deletedBy: [number, number][];
}

/** A version: per agent, how many of its txns it includes. */
type Version = number[];

const cache = new WeakMap<EditingTrace, LinearTxn[]>();

/** The trace's txns with positions counted in the state of every earlier txn. */
export function linearize(trace: EditingTrace): LinearTxn[] {
  const cached = cache.get(trace);
  if (cached) return cached;
  const items: Item[] = [...trace.startContent].map((char) => ({ char, agent: -1, seq: 0, deletedBy: [] }));
  const versions: Version[] = [];
  const typed = new Array<number>(trace.agents).fill(0);
  const out: LinearTxn[] = [];
  trace.txns.forEach((txn, t) => {
    const agent = txn.agent ?? 0;
    const seen = versionOf(txn, versions, trace.agents);
    if (seen[agent] !== typed[agent])
      throw new UsageError(
        `trace ${trace.source}: txns[${t}] was typed without agent ${agent}'s previous txn among its parents; it cannot be replayed in order`,
      );
    const seq = (typed[agent] ?? 0) + 1;
    typed[agent] = seq;
    seen[agent] = seq; // the txn sees its own edits as it makes them
    versions.push(seen);
    const all = [...typed]; // everything typed so far, this txn included
    const patches: TracePatch[] = [];
    for (const [pos, del, ins] of txn.patches) {
      for (let k = 0; k < del; k++) {
        const at = indexOfVisible(items, pos, seen);
        if (at < 0) throw outOfRange(trace, t, pos);
        const item = items[at] as Item;
        const before = visibleBefore(items, at, all);
        if (visible(item, all)) pushDelete(patches, before);
        item.deletedBy.push([agent, seq]);
      }
      if (ins) {
        const after = pos === 0 ? -1 : indexOfVisible(items, pos - 1, seen);
        if (pos > 0 && after < 0) throw outOfRange(trace, t, pos);
        const at = after + 1;
        patches.push([visibleBefore(items, at, all), 0, ins]);
        items.splice(at, 0, ...[...ins].map((char) => ({ char, agent, seq, deletedBy: [] })));
      }
    }
    out.push({ agent, patches });
  });
  const final = items
    .filter((item) => visible(item, typed))
    .map((item) => item.char)
    .join('');
  if (final !== trace.endContent)
    throw new UsageError(
      `trace ${trace.source}: merging its txns in order does not give its endContent (${final.length} vs ${trace.endContent.length} chars)`,
    );
  cache.set(trace, out);
  return out;
}

function versionOf(txn: TraceTxn, versions: readonly Version[], agents: number): Version {
  const v = new Array<number>(agents).fill(0);
  for (const p of txn.parents ?? []) {
    const pv = versions[p] ?? [];
    for (let a = 0; a < agents; a++) v[a] = Math.max(v[a] ?? 0, pv[a] ?? 0);
  }
  return v;
}

function visible(item: Item, v: Version): boolean {
  if (item.agent >= 0 && (v[item.agent] ?? 0) < item.seq) return false;
  for (const [a, s] of item.deletedBy) if ((v[a] ?? 0) >= s) return false;
  return true;
}

/** The index in `items` of the `n`-th (0-based) character visible in `v`, or -1. */
function indexOfVisible(items: readonly Item[], n: number, v: Version): number {
  let count = 0;
  for (let i = 0; i < items.length; i++) {
    if (!visible(items[i] as Item, v)) continue;
    if (count === n) return i;
    count++;
  }
  return -1;
}

/** How many characters visible in `v` come before index `end`. */
function visibleBefore(items: readonly Item[], end: number, v: Version): number {
  let count = 0;
  for (let i = 0; i < end; i++) if (visible(items[i] as Item, v)) count++;
  return count;
}

/** Adds a one-character delete, merging it into the previous one when it continues it. */
function pushDelete(patches: TracePatch[], pos: number): void {
  const last = patches[patches.length - 1];
  if (last && last[0] === pos && last[2] === '') patches[patches.length - 1] = [pos, last[1] + 1, ''];
  else patches.push([pos, 1, '']);
}

function outOfRange(trace: EditingTrace, t: number, pos: number): UsageError {
  return new UsageError(
    `trace ${trace.source}: txns[${t}] edits position ${pos}, past the end of the text it was typed on`,
  );
}
