/**
 * Runs one fuzz case on one engine through the normal runner and checks the properties: the run
 * completes, converges after the final heal, loses no insert the engine's semantics should keep,
 * the journal adds up, and a second run with the same seed gives the same digest.
 */
import type { SyncAdapter } from '../contract/contract.ts';
import { scenarioFromJson } from '../scenario/json-scenario.ts';
import type { RunResult } from '../runner/result.ts';
import { unexpectedLostInserts } from '../runner/result.ts';
import { runScenario } from '../runner/run-scenario.ts';
import { QUIET_WINDOW_MS } from '../runner/settle.ts';
import type { ViolationKind } from '../runner/history.ts';
import { bookkeepingProblem } from './journal-bookkeeping.ts';

export const PROPERTIES = [
  'completes',
  'converges',
  'settles',
  'keeps inserts',
  'no duplicates',
  'no phantoms',
  'keeps updates',
  'keeps deletes',
  'accepts writes',
  'journal adds up',
  'deterministic',
] as const;
export type Property = (typeof PROPERTIES)[number];

/** The property each kind of history violation breaks. */
const PROPERTY_OF: Record<ViolationKind, Property> = {
  duplicate: 'no duplicates',
  phantom: 'no phantoms',
  'lost update': 'keeps updates',
  'lost delete': 'keeps deletes',
  'refused write': 'accepts writes',
};

export type CaseVerdict =
  | { readonly state: 'passed'; readonly digest: string }
  | { readonly state: 'unsupported'; readonly reason: string }
  | {
      readonly state: 'failed';
      readonly property: Property;
      readonly detail: string;
      readonly result?: RunResult;
    };

async function runOnce(adapter: SyncAdapter, scenarioJson: string, seed: number, label: string) {
  const definition = scenarioFromJson(label, scenarioJson);
  let bookkeeping: string | undefined;
  const { result } = await runScenario({
    scenario: definition,
    adapter,
    seed,
    scale: 'default',
    source: label,
    replay: `npx syncbench replay ${label}`,
    onSettled: (run) => {
      bookkeeping = bookkeepingProblem(run.journal, run.inFlight(), run.deliveriesSeen);
    },
  });
  return { result, bookkeeping };
}

/** Runs the scenario twice with `seed` and judges it. */
export async function judgeCase(
  adapter: SyncAdapter,
  scenarioJson: string,
  seed: number,
  label = 'fuzz case',
): Promise<CaseVerdict> {
  const first = await runOnce(adapter, scenarioJson, seed, label);
  const result = first.result;
  if (result.state === 'unsupported') return { state: 'unsupported', reason: result.reason };
  if (result.state === 'errored')
    return { state: 'failed', property: 'completes', detail: `errored: ${result.error}`, result };
  if (first.bookkeeping)
    return { state: 'failed', property: 'journal adds up', detail: first.bookkeeping, result };
  if (!result.converged)
    return {
      state: 'failed',
      property: 'converges',
      detail: `not converged: ${result.divergences.map((d) => `${d.replica} differs at ${d.firstDifferingPath}`).join('; ')}`,
      result,
    };
  if (result.notSettled !== undefined)
    return {
      state: 'failed',
      property: 'settles',
      detail: `did not settle: the replicas were equal but never quiet for ${QUIET_WINDOW_MS / 1000} s before the deadline (${result.notSettled})`,
      result,
    };
  const lost = unexpectedLostInserts(result);
  if (lost > 0)
    return {
      state: 'failed',
      property: 'keeps inserts',
      detail: `${lost} inserts lost: ${result.lostInsertExamples.slice(0, 3).join('; ')}`,
      result,
    };
  const violation = result.history?.examples[0];
  if (violation)
    return {
      state: 'failed',
      property: PROPERTY_OF[violation.kind],
      detail: `${result.history?.violations} history violations; first: ${violation.kind} of ${violation.key}${violation.op ? ` by ${violation.op}` : ''}: ${violation.detail}`,
      result,
    };
  const second = await runOnce(adapter, scenarioJson, seed, label);
  const again = second.result;
  if (again.state !== 'completed' || again.digest !== result.digest)
    return {
      state: 'failed',
      property: 'deterministic',
      detail: `the same case and seed gave digest ${result.digest.slice(0, 12)}, then ${again.state === 'completed' ? again.digest.slice(0, 12) : again.state}`,
      result,
    };
  return { state: 'passed', digest: result.digest };
}
