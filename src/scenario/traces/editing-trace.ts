/**
 * Editing traces in the josephg/editing-traces format: `{ startContent, endContent, txns }`, each
 * txn a list of patches `[position, deleteCount, insertText]` whose positions count Unicode code
 * points. Concurrent traces add `kind: "concurrent"`, `numAgents`, and per txn the `agent` that
 * typed it and its `parents` (earlier txns whose merged state it was typed on).
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { UsageError } from '../../errors.ts';

/** One patch of a txn: at `position` (code points), delete `deleteCount`, insert `insert`. */
export type TracePatch = readonly [position: number, deleteCount: number, insert: string];

/** One transaction of a trace: its patches, and in a concurrent trace its agent and parents. */
export interface TraceTxn {
  readonly patches: readonly TracePatch[];
  /** Concurrent traces: who typed it (0-based) and the txns it was typed on. */
  readonly agent?: number;
  readonly parents?: readonly number[];
}

/** An editing trace in the josephg/editing-traces format, read and checked. */
export interface EditingTrace {
  /** Where it came from: a file path, or `synthetic (seed N)`. */
  readonly source: string;
  readonly kind: 'sequential' | 'concurrent';
  readonly agents: number;
  readonly startContent: string;
  readonly endContent: string;
  readonly txns: readonly TraceTxn[];
}

/** Reads a trace file (`.json` or gzipped `.json.gz`); errors name the file and the path inside it. */
export function readEditingTrace(path: string): EditingTrace {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new UsageError(`trace file ${path} cannot be read (does it exist?)`);
  }
  let json: unknown;
  try {
    const text =
      bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`trace file ${path} is not JSON (or gzipped JSON): ${(error as Error).message}`);
  }
  return parseEditingTrace(json, path);
}

/** Checks a parsed trace; `source` names it in errors. */
export function parseEditingTrace(json: unknown, source: string): EditingTrace {
  const fail = (where: string, expected: string, got: unknown): never => {
    throw new UsageError(
      `trace ${source}: ${where} must be ${expected}, got ${JSON.stringify(got) ?? 'nothing'}`,
    );
  };
  if (typeof json !== 'object' || json === null) return fail('the file', 'a JSON object', json);
  const t = json as Record<string, unknown>;
  const concurrent = t.kind === 'concurrent';
  if (t.kind !== undefined && !concurrent) fail('kind', "'concurrent' or absent", t.kind);
  const startContent = t.startContent ?? '';
  if (typeof startContent !== 'string') fail('startContent', 'a string', t.startContent);
  if (typeof t.endContent !== 'string') fail('endContent', 'a string', t.endContent);
  if (!Array.isArray(t.txns) || t.txns.length === 0) fail('txns', 'a non-empty array', t.txns);
  const agents = concurrent ? t.numAgents : 1;
  if (!Number.isInteger(agents) || (agents as number) < 1) fail('numAgents', 'an integer ≥ 1', t.numAgents);
  const txns = (t.txns as unknown[]).map((raw, i): TraceTxn => {
    const txn = raw as Record<string, unknown>;
    const at = `txns[${i}]`;
    if (!Array.isArray(txn?.patches)) fail(`${at}.patches`, 'an array', txn?.patches);
    const patches = (txn.patches as unknown[]).map((p, j): TracePatch => {
      const patch = p as unknown[];
      const ok =
        Array.isArray(patch) &&
        patch.length === 3 &&
        Number.isInteger(patch[0]) &&
        (patch[0] as number) >= 0 &&
        Number.isInteger(patch[1]) &&
        (patch[1] as number) >= 0 &&
        typeof patch[2] === 'string';
      if (!ok) fail(`${at}.patches[${j}]`, '[position ≥ 0, deleteCount ≥ 0, insertText]', p);
      return patch as unknown as TracePatch;
    });
    if (!concurrent) return { patches };
    const agent = txn.agent;
    if (!Number.isInteger(agent) || (agent as number) < 0 || (agent as number) >= (agents as number))
      fail(`${at}.agent`, `an integer from 0 to ${(agents as number) - 1}`, agent);
    const parents = txn.parents;
    if (!Array.isArray(parents) || parents.some((p) => !Number.isInteger(p) || p < 0 || p >= i))
      fail(`${at}.parents`, 'an array of indexes of earlier txns', parents);
    return { patches, agent: agent as number, parents: parents as number[] };
  });
  return {
    source,
    kind: concurrent ? 'concurrent' : 'sequential',
    agents: agents as number,
    startContent: startContent as string,
    endContent: t.endContent as string,
    txns,
  };
}

/** Whether any text of the trace has characters outside the BMP (code points ≠ UTF-16 units). */
export function hasAstralCharacters(trace: EditingTrace): boolean {
  const astral = /[\u{10000}-\u{10FFFF}]/u;
  return (
    astral.test(trace.startContent) ||
    trace.txns.some((t) => t.patches.some(([, , text]) => astral.test(text)))
  );
}
