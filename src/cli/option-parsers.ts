/**
 * Parsers for option values; each throws commander's InvalidArgumentError with a message that
 * names what is expected, which the CLI turns into a one-line usage error (exit 64).
 */
import { InvalidArgumentError } from 'commander';
import { ENGINE_NAMES } from '../../adapters/registry.ts';
import type { Scale } from '../scenario/define-scenario.ts';
import { SCALES } from '../scenario/define-scenario.ts';
import { UsageError } from '../errors.ts';
import { ms } from '../scenario/duration.ts';
import { profileByName } from '../sim/link-profile.ts';
import type { Compression } from '../contract/contract.ts';
import { COMPRESSIONS } from '../contract/contract.ts';
import type { FuzzFault } from '../fuzz/fuzz-case.ts';
import { FAULT_KINDS } from '../fuzz/fuzz-case.ts';
import type { EditIntent } from '../scenario/edit-intent.ts';
import { EDIT_KINDS } from '../scenario/edit-intent.ts';

/** A seed: an integer from 0 to 2^32 − 1. */
export function parseSeed(value: string): number {
  const seed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(seed) || seed > 0xffffffff) {
    throw new InvalidArgumentError(`seed must be an integer from 0 to 4294967295, got '${value}'.`);
  }
  return seed;
}

export function parseScale(value: string): Scale {
  if (!SCALES.includes(value as Scale)) {
    throw new InvalidArgumentError(`scale must be one of ${SCALES.join(', ')}, got '${value}'.`);
  }
  return value as Scale;
}

/**
 * The parser of `run --scenarios` / `--scenario`, hidden options that only say what to type
 * instead: scenarios are `run`'s arguments, as `--engines` is an option.
 */
export function scenariosArePositional(value: string): never {
  const names = value.split(',').filter((name) => name !== '');
  throw new InvalidArgumentError(
    `scenarios are run's arguments, not an option: syncbench run ${names.join(' ') || '<scenario…>'}`,
  );
}

/** Turns a registry's usage error into commander's, so both paths share one message. */
function asOptionError<T>(lookup: () => T): T {
  try {
    return lookup();
  } catch (error) {
    if (error instanceof UsageError) throw new InvalidArgumentError(`${error.message}.`);
    throw error;
  }
}

/** A compression setting of the network's connections. */
export function parseCompression(value: string): Compression {
  if (!(COMPRESSIONS as readonly string[]).includes(value))
    throw new InvalidArgumentError(
      `must be one of ${COMPRESSIONS.join(', ')}, got ${JSON.stringify(value)}.`,
    );
  return value as Compression;
}

/** A named link profile. */
export function parseProfile(value: string): string {
  asOptionError(() => profileByName(value));
  return value;
}

/**
 * A comma-separated list of engines: built-in names, or paths/packages of third-party adapters
 * (loaded and checked when the command starts).
 */
export function parseEngines(value: string): string[] {
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 0)
    throw new InvalidArgumentError(`give at least one engine (${ENGINE_NAMES.join(', ')}).`);
  return [...new Set(names)];
}

/** A comma-separated list of kinds from `known` (`none` for none, where `none` may), for `--faults` and `--edits`. */
function parseKinds<K extends string>(what: string, known: readonly K[], value: string, none = true): K[] {
  const kinds = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (none && kinds.length === 1 && kinds[0] === 'none') return [];
  const unknown = kinds.filter((k) => !(known as readonly string[]).includes(k));
  if (kinds.length === 0 || unknown.length)
    throw new InvalidArgumentError(
      `${unknown.length ? `unknown ${what} ${unknown.map((k) => `'${k}'`).join(', ')}; ` : ''}give a comma-separated list of ${known.join(', ')}${none ? ' (or none)' : ''}.`,
    );
  return [...new Set(kinds)] as K[];
}

/** `--faults`: fault kinds the fuzzer may generate, from its list; `none` for none. */
export function parseFaults(value: string): FuzzFault['kind'][] {
  return parseKinds('fault kind', FAULT_KINDS, value);
}

/** `--edits`: edit kinds the fuzzer may generate (those the engine takes among them). */
export function parseEdits(value: string): EditIntent['kind'][] {
  return parseKinds('edit kind', EDIT_KINDS, value, false);
}

/** A parser for a whole number of at least `min`, naming the option in its error. */
export function parseCount(option: string, min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min)
      throw new InvalidArgumentError(`${option} must be a whole number of at least ${min}, got '${value}'.`);
    return n;
  };
}

/** A comma-separated list of names. */
export function parseList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** `--shard i/n`: slice `i` (from 1) of `n`. */
export function parseShard(value: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const [index, count] = match ? [Number(match[1]), Number(match[2])] : [NaN, NaN];
  if (!match || count < 1 || index < 1 || index > count || count > 1_000)
    throw new InvalidArgumentError(
      `--shard must be i/n with 1 ≤ i ≤ n ≤ 1000 (e.g. 2/3 for the second of three slices), got '${value}'.`,
    );
  return { index, count };
}

/** A wall-clock duration option (`15m`, `90s`, a number of ms), above zero. */
export function parseWallDuration(option: string): (value: string) => number {
  return (value) => {
    const duration = asOptionError(() => ms(/^\d+$/.test(value) ? Number(value) : value));
    if (duration <= 0) throw new InvalidArgumentError(`${option} must be above zero, got '${value}'.`);
    return duration;
  };
}
