/**
 * Link impairments, named as in Linux `tc netem` and toxiproxy, and the named presets users pick
 * with `--profile` or in a scenario. One profile applies to one direction of a link.
 */
import { UsageError } from '../errors.ts';

/** How one-way latency is spread around `delay`. */
export type LatencyDistribution = 'constant' | 'uniform' | 'normal' | 'exponential' | 'pareto';

/** Every latency distribution a profile may name. */
export const LATENCY_DISTRIBUTIONS: readonly LatencyDistribution[] = [
  'constant',
  'uniform',
  'normal',
  'exponential',
  'pareto',
];

/** Impairments of one direction of a link. Probabilities are in [0, 1]. */
export interface LinkProfile {
  /** Mean one-way latency, ms. */
  readonly delay: number;
  /** Spread around `delay`, ms. */
  readonly jitter: number;
  readonly distribution: LatencyDistribution;
  /** Probability a packet is lost (datagram: gone; stream: retransmitted after a timeout). */
  readonly loss: number;
  /** Probability a datagram is delivered twice. */
  readonly duplicate: number;
  /** Probability a datagram skips the delay queue and overtakes earlier ones. */
  readonly reorder: number;
  /** Bandwidth cap in bits/s; 0 means unlimited. */
  readonly rate: number;
  /** Probability a stream connection is reset, per message. */
  readonly reset: number;
}

const perfect: LinkProfile = {
  delay: 0,
  jitter: 0,
  distribution: 'constant',
  loss: 0,
  duplicate: 0,
  reorder: 0,
  rate: 0,
  reset: 0,
};

/** Named presets. Figures are typical one-way values for each kind of network. */
export const PROFILES = {
  lan: { ...perfect, delay: 0.5, jitter: 0.1, distribution: 'normal' },
  wifi: { ...perfect, delay: 8, jitter: 4, distribution: 'normal', loss: 0.005, rate: 50_000_000 },
  mobile: {
    ...perfect,
    delay: 60,
    jitter: 25,
    distribution: 'pareto',
    loss: 0.01,
    rate: 8_000_000,
    reset: 0.0005,
  },
  flaky: {
    ...perfect,
    delay: 120,
    jitter: 80,
    distribution: 'pareto',
    loss: 0.05,
    duplicate: 0.01,
    reorder: 0.02,
    rate: 2_000_000,
    reset: 0.01,
  },
  satellite: { ...perfect, delay: 300, jitter: 20, distribution: 'normal', loss: 0.002, rate: 10_000_000 },
} as const satisfies Record<string, LinkProfile>;

/** The name of a preset profile (`lan`, `wifi`, `mobile`, …). */
export type ProfileName = keyof typeof PROFILES;

/** Every preset profile's name. */
export const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];

/** The preset called `name`, or a usage error naming the valid choices. */
export function profileByName(name: string): LinkProfile {
  if (!Object.hasOwn(PROFILES, name)) {
    throw new UsageError(`unknown profile '${name}'; valid profiles: ${PROFILE_NAMES.join(', ')}`);
  }
  return PROFILES[name as ProfileName];
}

/** Checks every field of `profile`; `where` names the place for the error message. */
export function validateProfile(profile: LinkProfile, where: string): LinkProfile {
  const nonNegative = ['delay', 'jitter', 'rate'] as const;
  for (const key of nonNegative) {
    const v = profile[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new UsageError(`${where}.${key} must be a number ≥ 0, got ${String(v)}`);
    }
  }
  const probabilities = ['loss', 'duplicate', 'reorder', 'reset'] as const;
  for (const key of probabilities) {
    const v = profile[key];
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
      throw new UsageError(`${where}.${key} must be a probability in [0, 1], got ${String(v)}`);
    }
  }
  if (profile.loss >= 1) throw new UsageError(`${where}.loss must be < 1 so messages can get through`);
  if (!LATENCY_DISTRIBUTIONS.includes(profile.distribution)) {
    throw new UsageError(
      `${where}.distribution must be one of ${LATENCY_DISTRIBUTIONS.join(', ')}, got ${String(profile.distribution)}`,
    );
  }
  return profile;
}
