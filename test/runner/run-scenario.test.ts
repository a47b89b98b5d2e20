import { describe, expect, it } from 'vitest';
import { yjsAdapter } from '../../adapters/yjs/index.ts';
import { concurrentEdits } from '../../scenarios/concurrent-edits.ts';
import { runScenario } from '../../src/runner/run-scenario.ts';
import { fixture } from '../../src/conformance/fixtures.ts';
import { appliesInAnImmediate, noResyncOnReconnect, throwsOnReceive } from './broken-engines.ts';
import { expectCompleted } from '../helpers/completed-run.ts';

const cutAndHeal = fixture({
  name: 'cut',
  faults: [
    { at: 1_000, fault: { kind: 'partition', groups: [['c1'], ['server', 'c2', 'c3']] } },
    { at: 6_000, fault: { kind: 'heal' } },
  ],
});

describe('runScenario', () => {
  it('measures a converged run of concurrent-edits on Yjs', async () => {
    const { result, timing } = await runScenario({
      scenario: concurrentEdits,
      adapter: yjsAdapter,
      seed: 1,
      scale: 'ci',
      replay: 'r',
    });
    expectCompleted(result);
    expect(result.converged).toBe(true);
    expect(result.convergenceMs).toBeGreaterThanOrEqual(0);
    expect(result.lostInserts).toBe(0);
    expect(result.wire.bytes).toBe(result.wire.upBytes + result.wire.downBytes + result.wire.peerBytes);
    expect(result.wire.phases.map((p) => p.phase)).toEqual(['start', 'seed', 'work', 'settle']);
    expect(result.wire.phases.reduce((n, p) => n + p.bytes, 0)).toBe(result.wire.bytes);
    expect(result.bytesPerOp).toBeCloseTo(result.wire.bytes / result.opsApplied, 3);
    for (const r of result.replicas) {
      expect(r.storedBytes).toBeGreaterThan(0);
      expect(r.storedEncodingsBytes).toHaveProperty('v2');
      expect(r.metadataOverhead).toBeCloseTo(r.storedBytes / r.payloadBytes, 3);
    }
    expect(result.series.length).toBeGreaterThan(3);
    expect(result.visibilityMs.samples).toBeGreaterThan(10);
    expect(timing.engineMs).toBeGreaterThan(0);
    expect(timing.engineMs).toBeLessThanOrEqual(timing.wallMs);
  });

  it('times visibility once a delivery has been applied, also where an engine applies it later in the same event', async () => {
    const run = (adapter: typeof yjsAdapter) =>
      runScenario({ scenario: concurrentEdits, adapter, seed: 1, scale: 'ci', replay: 'r' });
    const now = await run(yjsAdapter);
    const later = await run(appliesInAnImmediate);
    expectCompleted(now.result);
    expectCompleted(later.result);
    // A look right after receive() would find the later engine's effects only at its next
    // delivery (a heartbeat), seconds on.
    expect(later.result.visibilityMs).toEqual(now.result.visibilityMs);
    expect(later.result.wire).toEqual(now.result.wire);
    expect(later.result.convergenceMs).toBe(now.result.convergenceMs);
  });

  it('reports non-convergence and lost inserts for an engine that does not resync after reconnect', async () => {
    const { result } = await runScenario({
      scenario: cutAndHeal,
      adapter: noResyncOnReconnect,
      seed: 3,
      scale: 'ci',
      replay: 'r',
    });
    expectCompleted(result);
    expect(result.converged).toBe(false);
    expect(result.convergenceMs).toBeNull();
    expect(result.divergences.length).toBeGreaterThan(0);
    expect(result.lostInserts).toBeGreaterThan(0);
  });

  it('turns an engine that throws into an errored result', async () => {
    const { result } = await runScenario({
      scenario: cutAndHeal,
      adapter: throwsOnReceive,
      seed: 3,
      scale: 'ci',
      replay: 'r',
    });
    expect(result.state).toBe('errored');
    if (result.state === 'errored') expect(result.error).toContain('boom');
  });

  it('marks a topology the engine lacks as unsupported', async () => {
    const starOnly = {
      ...yjsAdapter,
      capabilities: { ...yjsAdapter.capabilities, topologies: ['star' as const] },
    };
    const { result } = await runScenario({
      scenario: fixture({ name: 'm', topology: 'mesh' }),
      adapter: starOnly,
      seed: 1,
      scale: 'ci',
      replay: 'r',
    });
    expect(result).toMatchObject({
      state: 'unsupported',
      reason: expect.stringContaining('mesh') as unknown,
    });
  });
});
