/**
 * The planted bugs of `buggy-engine.ts`, each with the search that finds it (seed 1), the
 * properties its failure may break and its fixed twin: what `fuzz.test.ts` asserts and
 * `bench/fuzz-planted.ts` prints.
 */
import type { Property } from '../../src/fuzz/judge-case.ts';
import type { FuzzOptions } from '../../src/fuzz/run-fuzz.ts';
import type { Bug } from './buggy-engine.ts';

export const search = (transport: FuzzOptions['transport'], faults: FuzzOptions['faults']): FuzzOptions => ({
  runs: 300,
  seed: 1,
  maxOps: 20,
  maxClients: 3,
  maxFaults: 4,
  transport,
  faults,
  unreliable: transport === 'datagram',
});

/** Each bug, the search that finds it, and the properties its failure may break. */
export const PLANTED: readonly [Bug, FuzzOptions, readonly Property[]][] = [
  ['wall-clock', search('stream', []), ['converges']],
  ['no-resend', search('stream', ['partition', 'heal', 'offline', 'online']), ['converges']],
  ['out-of-order', search('datagram', []), ['converges']],
  // The history checker's: replicas that agree, and still hold what the history does not allow.
  ['applied-twice', search('stream', []), ['no duplicates']],
  ['lost-update', search('stream', undefined), ['keeps updates', 'keeps deletes']],
  ['refuse-all', search('stream', []), ['accepts writes']],
  ['late-replay', search('stream', undefined), ['keeps updates']],
  ['purged-tombstones', search('stream', undefined), ['converges', 'keeps deletes']],
];

/** The engine without each bug: `full-resync` keeps the purge's whole-state resends, and its tombstones. */
export const twinOf = (bug: Bug): Bug | undefined =>
  bug === 'purged-tombstones' ? 'full-resync' : undefined;
