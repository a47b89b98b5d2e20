/**
 * Durations that read naturally in a scenario: `'250ms'`, `'30s'`, `'15m'`, `'9h'`, `'2d'`,
 * `'3w'`, or a number of milliseconds.
 */
import { UsageError } from '../errors.ts';

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** Milliseconds of `duration`; throws a usage error naming what it got. */
export function ms(duration: string | number): number {
  if (typeof duration === 'number') {
    if (Number.isFinite(duration) && duration >= 0) return duration;
  } else {
    const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/.exec(duration.trim());
    const unit = match?.[2];
    if (match && unit) return Number(match[1]) * (UNIT_MS[unit] ?? 1);
  }
  throw new UsageError(
    `a duration must be a number of ms ≥ 0 or a string like '250ms', '30s', '15m', '9h', '2d', '3w', got ${JSON.stringify(duration)}`,
  );
}
