// large-workspace: each bootstrap is timed as a catch-up, a slice bootstrap moves a fraction of
// a full one on an engine that syncs slices, and is reported unsupported (not faked) elsewhere.
import { describe, expect, it } from 'vitest';
import { referenceAdapter } from '../../adapters/reference/index.ts';
import { yjsAdapter } from '../../adapters/yjs/index.ts';
import { largeWorkspace } from '../../scenarios/large-workspace.ts';
import type { CatchUpResult, CompletedRun } from '../../src/runner/result.ts';
import { runScenario } from '../../src/runner/run-scenario.ts';
import type { SyncAdapter } from '../../src/contract/contract.ts';
import { expectCompleted } from '../helpers/completed-run.ts';

async function run(adapter: SyncAdapter): Promise<CompletedRun> {
  const { result, timing } = await runScenario({
    scenario: largeWorkspace,
    adapter,
    seed: 1,
    scale: 'ci',
    replay: 'test',
  });
  expectCompleted(result);
  expect(timing.peakHeapBytes).toBeGreaterThan(0);
  return result;
}

function caughtUp(result: CompletedRun, name: string): Extract<CatchUpResult, { state: 'caught-up' }> {
  const found = result.catchUps.find((c) => c.name === name);
  if (found?.state !== 'caught-up') throw new Error(`${name}: ${JSON.stringify(found)}`);
  return found;
}

describe('large-workspace', () => {
  it('times both bootstraps on an engine that syncs slices; the slice moves a fraction of the bytes', async () => {
    const result = await run(referenceAdapter);
    expect(result.converged).toBe(true);
    const full = caughtUp(result, 'full bootstrap');
    const slice = caughtUp(result, 'team slice bootstrap');
    expect(full.ms).toBeGreaterThan(80); // at least one trip over the 80 ms link
    expect(full.bytesIn).toBeGreaterThan(10_000);
    expect(slice.bytesIn).toBeLessThan(full.bytesIn / 4);
    expect(slice.storedBytes).toBeLessThan(full.storedBytes / 4);
    expect(result.wire.phases.map((p) => p.phase)).toEqual(
      expect.arrayContaining(['seed', 'bootstrap', 'slice bootstrap', 'live']),
    );
  });

  it('reports the slice bootstrap unsupported, with the reason, where the engine cannot sync a slice', async () => {
    const result = await run(yjsAdapter);
    expect(result.converged).toBe(true);
    expect(caughtUp(result, 'full bootstrap').bytesIn).toBeGreaterThan(100_000);
    const slice = result.catchUps.find((c) => c.name === 'team slice bootstrap');
    expect(slice?.state).toBe('unsupported');
    expect(slice?.state === 'unsupported' && slice.reason).toMatch(/no partial sync/);
    // The seeding is a bulk write: no visibility probe waits on the offline clients for it.
    expect(result.visibilityMs.samples).toBeGreaterThan(0);
    expect(result.visibilityMs.p99Ms).not.toBeNull();
    expect(result.visibilityMs.p99Ms).toBeLessThan(60_000);
  });
});
