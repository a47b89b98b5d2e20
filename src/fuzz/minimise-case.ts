/**
 * A last pass after fast-check's shrinking, which is greedy along one path and can keep steps a
 * failure does not need: try the case without each step, with one client fewer, and with each
 * impairment of its network off, keeping every change under which it still fails the same
 * property, until no change is kept. Message fates are keyed by each message's index on its link
 * (`keyedStream`), so removing a step does not reshuffle the others' losses and resets.
 */
import type { SyncAdapter } from '../contract/contract.ts';
import type { FuzzCase } from './fuzz-case.ts';
import type { CaseVerdict, Property } from './judge-case.ts';
import { judgeCase } from './judge-case.ts';

type Failed = Extract<CaseVerdict, { state: 'failed' }>;

/** Simpler neighbours of `c`, the biggest cuts first. */
function* simpler(c: FuzzCase): Generator<FuzzCase> {
  if (c.clients > (c.topology === 'mesh' ? 2 : 1)) yield { ...c, clients: c.clients - 1 };
  for (let i = c.steps.length - 1; i >= 0; i--) {
    const edits = (s: FuzzCase['steps'][number] | undefined): boolean => !!s && !('fault' in s);
    if (c.steps.filter(edits).length === 1 && edits(c.steps[i])) continue;
    yield { ...c, steps: c.steps.filter((_, j) => j !== i) };
  }
  if (c.subscribed?.length) yield { ...c, subscribed: undefined };
  for (const key of ['loss', 'duplicate', 'reorder', 'reset', 'rate', 'jitter', 'delay'] as const)
    if (c.network[key] !== 0) yield { ...c, network: { ...c.network, [key]: 0 } };
}

/** The smallest case reachable from `c` by those cuts that still fails `property`, and its verdict. */
export async function minimiseCase(
  adapter: SyncAdapter,
  c: FuzzCase,
  verdict: Failed,
  json: (c: FuzzCase) => string,
  onAttempt?: (smallest: FuzzCase) => void,
): Promise<{
  readonly shrunk: FuzzCase;
  readonly verdict: Failed;
  readonly attempts: number;
  readonly kept: number;
}> {
  const property: Property = verdict.property;
  let best = { shrunk: c, verdict };
  let attempts = 0;
  let kept = 0;
  for (let changed = true; changed;) {
    changed = false;
    for (const candidate of simpler(best.shrunk)) {
      attempts++;
      onAttempt?.(best.shrunk);
      const v = await judgeCase(adapter, json(candidate), candidate.seed);
      if (v.state === 'failed' && v.property === property) {
        best = { shrunk: candidate, verdict: v };
        kept++;
        changed = true;
        break;
      }
    }
  }
  return { ...best, attempts, kept };
}
