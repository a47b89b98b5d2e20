// `syncbench bench`: every built-in engine's five primitives are timed on a real running system
// (small workload, short budget: this checks the machinery, not the figures), an engine that
// cannot hold the workload is unsupported with its reason, and bench results go through the gate.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInEngines } from '../../adapters/registry.ts';
import { referenceAdapter } from '../../adapters/reference/index.ts';
import type { BenchResults, BenchStats } from '../../src/bench/bench-result.ts';
import { PRIMITIVES, uniformPlan } from '../../src/bench/bench-result.ts';
import type { ResultsDocument } from '../../src/results/results-document.ts';
import { runBench } from '../../src/bench/run-bench.ts';
import { runCli } from '../cli/fake-process.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const workload = { records: 20, textChars: 100, seed: 1 };

describe('timing benchmarks', () => {
  it('times every primitive of every built-in engine, with sane statistics', async () => {
    const engines = await builtInEngines();
    const bench = await runBench(engines, { workload, plan: uniformPlan(3) });
    expect(bench.tasks).toHaveLength(engines.length * PRIMITIVES.length);
    for (const task of bench.tasks) {
      expect(task, `${task.engine} ${task.primitive}`).toMatchObject({ state: 'measured' });
      if (task.state !== 'measured') continue;
      const s = task.stats;
      expect(s.samples).toBe(3);
      expect(s.meanMs).toBeGreaterThan(0);
      expect(s.minMs).toBeLessThanOrEqual(s.p50Ms);
      expect(s.p50Ms).toBeLessThanOrEqual(s.p99Ms);
      expect(s.p99Ms).toBeLessThanOrEqual(s.maxMs);
      expect(s.sdMs).toBeGreaterThanOrEqual(0);
    }
  }, 120_000);

  it('an engine without the ops of the workload is unsupported, with the reason', async () => {
    const noDeletes = {
      ...referenceAdapter,
      capabilities: {
        ...referenceAdapter.capabilities,
        ops: referenceAdapter.capabilities.ops.filter((k) => k !== 'textDelete'),
      },
    };
    const bench = await runBench([noDeletes], { workload, plan: uniformPlan(2) });
    expect(bench.tasks.map((t) => t.state === 'unsupported' && t.reason)).toEqual(
      PRIMITIVES.map(() => 'reference does not support op kinds: textDelete'),
    );
  });

  it('writes results.json with statistics under timing.bench, which the gate compares statistically', async () => {
    const dir = tempDir('syncbench-bench-');
    const args = ['bench', '--engines', 'reference', '--records', '20', '--text-chars', '100'];
    const { code, stdout } = await runCli([...args, '--samples', '3', '-o', dir]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/reference\s+bootstrap-replica\s+[\d.]+/);
    const file = join(dir, 'results.json');
    const doc = JSON.parse(readFileSync(file, 'utf8')) as ResultsDocument;
    expect(doc.runs).toEqual([]);
    expect(doc.timing.bench?.workload).toEqual({ records: 20, textChars: 100, seed: 1 });
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('Timing benchmarks');
    expect((await runCli(['gate', '-b', file, '-c', file])).code).toBe(0);
    // Three times slower with the same spread and samples: significant, far beyond the floor.
    const edit = (f: (s: BenchStats) => BenchStats): ResultsDocument => {
      const bench = doc.timing.bench as BenchResults;
      const tasks = bench.tasks.map((t) =>
        t.state === 'measured' && t.primitive === 'apply-local-op' ? { ...t, stats: f(t.stats) } : t,
      );
      return { ...doc, timing: { ...doc.timing, bench: { ...bench, tasks } } };
    };
    const spread = (s: BenchStats): BenchStats => ({ ...s, samples: 30, sdMs: s.meanMs / 10 });
    const base = edit(spread);
    const slower = edit((s) => ({ ...spread(s), meanMs: s.meanMs * 3, p50Ms: s.p50Ms * 3 }));
    writeFileSync(join(dir, 'base.json'), JSON.stringify(base));
    writeFileSync(join(dir, 'slower.json'), JSON.stringify(slower));
    const pair = ['gate', '-b', join(dir, 'base.json'), '-c', join(dir, 'slower.json')];
    // Timings warn by default (wall time varies with the machine); gated when asked.
    expect((await runCli(pair)).code).toBe(0);
    const gate = await runCli([...pair, '--timings', 'fail']);
    expect(gate.code).toBe(1);
    expect(gate.stdout).toMatch(/REGRESSED\s+bench\s+reference\s+apply-local-op .*p = /);
  }, 60_000);

  it('refuses an unknown primitive', async () => {
    const { code, stderr } = await runCli(['bench', '--primitives', 'teleport']);
    expect(code).toBe(64);
    expect(stderr).toMatch(/unknown primitive 'teleport'; valid primitives: encode-state, load-from-storage/);
  });
});
