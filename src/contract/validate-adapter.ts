/**
 * Checks that a module's export is a usable adapter before any run starts, so a third-party
 * engine with a missing or mistyped piece gets one line naming it (`capabilities.transports must
 * be a non-empty list of 'stream' | 'datagram', got undefined`) instead of a crash mid-run.
 */
import { UsageError } from '../errors.ts';
import type { SyncAdapter } from './contract.ts';
import { COMPRESSIONS } from './contract.ts';
import { OP_KINDS } from './ops.ts';

const TEXT = ['crdt-text', 'ot-text', 'lww-value'] as const;
const RECORDS = ['lww-field', 'lww-document', 'revision-tree', 'server-wins-document'] as const;
const TRANSPORTS = ['stream', 'datagram'] as const;
const TOPOLOGIES = ['star', 'mesh'] as const;
const FRAMINGS = ['messages', 'socket'] as const;

function show(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

function choices(values: readonly string[]): string {
  return values.map((v) => `'${v}'`).join(' | ');
}

/** `candidate` as an adapter, or a usage error saying (for `label`) what is missing. */
export function validateAdapter(label: string, candidate: unknown): SyncAdapter {
  const fail = (path: string, expected: string, got: unknown): never => {
    throw new UsageError(`${label}: ${path} must be ${expected}, got ${show(got)}`);
  };
  if (typeof candidate !== 'object' || candidate === null)
    fail('the export', 'an adapter object { name, version, capabilities, createReplica }', candidate);
  const a = candidate as Record<string, unknown>;
  if (typeof a.name !== 'string' || !/^[a-z0-9][a-z0-9._-]*$/.test(a.name))
    fail('name', 'a lower-case engine name (letters, digits, . _ -)', a.name);
  if (typeof a.version !== 'string' || a.version === '')
    fail('version', 'the library version string', a.version);
  if (typeof a.createReplica !== 'function')
    fail('createReplica', 'a function (ctx) => Replica', a.createReplica);
  if (typeof a.capabilities !== 'object' || a.capabilities === null)
    fail(
      'capabilities',
      'an object { ops, text, records, transports, topologies, partialSync, async }',
      a.capabilities,
    );
  const c = a.capabilities as Record<string, unknown>;
  const listOf = (path: string, value: unknown, allowed: readonly string[]): void => {
    const ok = Array.isArray(value) && value.length > 0 && value.every((v) => allowed.includes(v as string));
    if (!ok) fail(`capabilities.${path}`, `a non-empty list of ${choices(allowed)}`, value);
  };
  listOf('ops', c.ops, OP_KINDS);
  if (!TEXT.includes(c.text as never)) fail('capabilities.text', `one of ${choices(TEXT)}`, c.text);
  if (!RECORDS.includes(c.records as never))
    fail('capabilities.records', `one of ${choices(RECORDS)}`, c.records);
  listOf('transports', c.transports, TRANSPORTS);
  listOf('topologies', c.topologies, TOPOLOGIES);
  if (typeof c.partialSync !== 'boolean') fail('capabilities.partialSync', 'true or false', c.partialSync);
  if (typeof c.async !== 'boolean') fail('capabilities.async', 'true or false', c.async);
  if (c.needsFreshProcess !== undefined && (typeof c.needsFreshProcess !== 'string' || !c.needsFreshProcess))
    fail('capabilities.needsFreshProcess', 'absent or the reason, a string', c.needsFreshProcess);
  if (c.framing !== undefined && !FRAMINGS.includes(c.framing as never))
    fail('capabilities.framing', `absent or one of ${choices(FRAMINGS)}`, c.framing);
  if (c.compression !== undefined) listOf('compression', c.compression, COMPRESSIONS);
  if (
    c.compression !== undefined &&
    c.framing !== 'socket' &&
    (c.compression as string[]).includes('deflate')
  )
    fail(
      'capabilities.compression',
      "only 'none' for an engine that sends bare messages (compression is a socket stack's: framing 'socket')",
      c.compression,
    );
  return candidate as SyncAdapter;
}
