/**
 * What the reference server sends a client that says hello, besides the welcome itself: the
 * records changed since its sync id, each once as it is now (just the fields changed since, for a
 * full client; every field remembers the sync id that set it, so this needs no log), the text
 * operations since the revision it holds (composed), or — when the log cannot bring it up to date
 * — the current records in snapshot parts. Everything goes out shaped by the client's
 * subscription and in its schema version.
 */
import type { Subscription } from '../contract/contract.ts';
import type { Change, Effect, ServerMessage } from './protocol.ts';
import type { SchemaVersions } from './schema-versions.ts';
import type { ServerState } from './server-state.ts';
import { fieldStates, inSubscription } from './server-state.ts';
import type { TextOperation } from './text-operation.ts';
import { compose } from './text-operation.ts';

/** A connected client that said hello: its subscription and schema version. */
export interface Session {
  readonly q: Subscription | undefined;
  readonly v: number;
}

/** A text sent whole: `[name, text, revision]`. */
export type TextReset = readonly [string, string, number];

/** An effect as a client at schema version `v` sees it. */
export function effectAt(versions: SchemaVersions, e: Effect, v: number): Effect {
  if (e.k !== 'fields' || v === versions.latest) return e;
  return { ...e, f: versions.states(e.c, e.f, versions.latest, v, true) };
}

/** The current records in parts of `partSize`, as the client's subscription sees them, and the texts in `texts`. */
export function snapshotParts(
  state: ServerState,
  versions: SchemaVersions,
  session: Session,
  texts: readonly TextReset[],
  partSize: number,
): ServerMessage[] {
  const { q, v } = session;
  const records = [...state.records.values()].filter((r) => r.del === undefined && inSubscription(r, q));
  const parts: ServerMessage[] = [];
  for (let i = 0; i === 0 || i < records.length; i += partSize) {
    const slice = records
      .slice(i, i + partSize)
      .map((r) => [r.c, r.id, versions.states(r.c, fieldStates(r), versions.latest, v, false)] as const);
    const last = i + partSize >= records.length;
    parts.push({ t: 'snapshot', first: i === 0, last, r: slice, x: last ? texts : [] });
  }
  return parts;
}

/**
 * For each text, the operations since the revision the client holds (composed between the
 * client's own, which keep their author so it recognises them), or the whole text when the
 * kept history does not reach back that far. Partial clients sync records only.
 */
export function textDelta(
  state: ServerState,
  client: string,
  session: Session | undefined,
  revs: Readonly<Record<string, number>>,
  syncId: number,
): { changes: Change[]; reset: TextReset[] } {
  const changes: Change[] = [];
  const reset: TextReset[] = [];
  if (session?.q) return { changes, reset };
  for (const [name, doc] of state.texts) {
    const from = revs[name] ?? 0;
    const oldest = doc.rev - doc.history.length;
    if (from >= doc.rev) continue;
    if (from < oldest) {
      reset.push([name, doc.text.toString(), doc.rev]);
      continue;
    }
    let run: { op: TextOperation; r: number } | undefined;
    const flush = (): void => {
      if (run) changes.push({ s: syncId, e: { k: 'text', d: name, r: run.r, op: run.op } });
      run = undefined;
    };
    doc.history.slice(from - oldest).forEach(([op, author, n], i) => {
      const r = from + i + 1;
      if (author === client && n !== undefined) {
        flush();
        changes.push({ s: syncId, o: [client, n], e: { k: 'text', d: name, r, op } });
      } else run = run ? { op: compose(run.op, op), r } : { op, r };
    });
    flush();
  }
  return { changes, reset };
}

/** Records changed after `since`, each once, as it is now (just the fields changed since, for a full client). */
export function recordDelta(
  state: ServerState,
  versions: SchemaVersions,
  session: Session,
  since: number,
  syncId: number,
): Change[] {
  const { q, v } = session;
  const out: Change[] = [];
  for (const record of state.records.values()) {
    const { c, id } = record;
    const back = record.back !== undefined && record.back > since; // brought back: send it whole
    const changed = Object.entries(record.f).filter(([, [, , setAt]]) => back || setAt > since);
    const deleted = record.del !== undefined && record.del > since;
    if (changed.length === 0 && !deleted) continue;
    let effect: Effect;
    if (q)
      effect = inSubscription(record, q)
        ? { k: 'fields', c, id, f: fieldStates(record) }
        : { k: 'gone', c, id };
    else if (record.del !== undefined) effect = deleted ? { k: 'deleted', c, id } : { k: 'none' };
    else
      effect = {
        k: 'fields',
        c,
        id,
        f: Object.fromEntries(changed.map(([f, [value, h]]) => [f, [value, h] as const])),
      };
    if (effect.k !== 'none') out.push({ s: syncId, e: effectAt(versions, effect, v) });
  }
  return out;
}
