// Which run goes where: longest first, and shards that partition the matrix with about equal work,
// the same on every machine.
import { describe, expect, it } from 'vitest';
import { estimatedWallMs, estimateMs, longestFirst, shardTasks } from '../../src/pool/schedule.ts';
import { MEASURED_RUNS } from '../../scenarios/measured-durations.ts';
import { SCENARIO_NAMES } from '../../scenarios/registry.ts';
import { ENGINE_NAMES } from '../../adapters/registry.ts';

const matrix = SCENARIO_NAMES.flatMap((scenario, s) =>
  ENGINE_NAMES.map((engine, e) => ({
    index: s * ENGINE_NAMES.length + e,
    label: `${scenario} × ${engine}`,
    estimateMs: estimateMs(scenario, engine, 'default'),
  })),
);

describe('the schedule', () => {
  it('has a measured cost for every built-in run at ci and default scale', () => {
    for (const scale of ['ci', 'default'] as const)
      for (const scenario of SCENARIO_NAMES)
        for (const engine of ENGINE_NAMES)
          expect(MEASURED_RUNS[scale]?.[scenario]?.[engine], `${scale} ${scenario} ${engine}`).toBeDefined();
  });

  it('estimates what nobody measured from what was: a new engine, a new scenario, the large scale', () => {
    const ce = Object.values(MEASURED_RUNS.default!['concurrent-edits']!);
    expect(estimateMs('concurrent-edits', 'my-engine', 'default')).toBeCloseTo(
      ce.reduce((a, b) => a + b) / ce.length,
    );
    expect(estimateMs('my-scenario', 'yjs', 'ci')).toBeGreaterThan(0);
    expect(estimateMs('offline-weeks', 'yjs', 'large')).toBe(
      10 * estimateMs('offline-weeks', 'yjs', 'default'),
    );
  });

  it('takes the longest runs first, ties in matrix order', () => {
    const order = longestFirst(matrix);
    for (let i = 1; i < order.length; i++) {
      expect(order[i - 1]!.estimateMs).toBeGreaterThanOrEqual(order[i]!.estimateMs);
      if (order[i - 1]!.estimateMs === order[i]!.estimateMs)
        expect(order[i - 1]!.index).toBeLessThan(order[i]!.index);
    }
  });

  it('deals the matrix into shards that partition it, with about equal estimated work', () => {
    for (const count of [1, 2, 3, 5, 40, 41]) {
      const shards = Array.from({ length: count }, (_, i) => shardTasks(matrix, { index: i + 1, count }));
      expect(
        shards
          .flat()
          .map((t) => t.index)
          .sort((a, b) => a - b),
      ).toEqual(matrix.map((t) => t.index));
      for (const shard of shards)
        expect(shard.map((t) => t.index)).toEqual([...shard.map((t) => t.index)].sort((a, b) => a - b));
      const work = shards.map((s) => s.reduce((n, t) => n + t.estimateMs, 0));
      const longest = Math.max(...matrix.map((t) => t.estimateMs));
      // Greedy longest-first: no slice exceeds the ideal share by more than one run.
      expect(Math.max(...work)).toBeLessThanOrEqual(work.reduce((a, b) => a + b) / count + longest);
    }
  });

  it('estimates the wall time on N workers: never below the longest run or the total over N', () => {
    const total = matrix.reduce((n, t) => n + t.estimateMs, 0);
    const longest = Math.max(...matrix.map((t) => t.estimateMs));
    expect(estimatedWallMs(matrix, 1)).toBe(total);
    for (const jobs of [2, 4, 8]) {
      expect(estimatedWallMs(matrix, jobs)).toBeGreaterThanOrEqual(Math.max(longest, total / jobs));
      expect(estimatedWallMs(matrix, jobs)).toBeLessThanOrEqual(total / jobs + longest);
    }
  });
});

describe('the default number of workers', () => {
  it('is one per core as far as memory holds 4 GiB each, unless SYNCBENCH_JOBS says otherwise', async () => {
    const { defaultJobs } = await import('../../src/pool/default-jobs.ts');
    const GiB = 1024 ** 3;
    expect(defaultJobs(2, 24 * GiB, '')).toBe(2);
    expect(defaultJobs(16, 24 * GiB, '')).toBe(6);
    expect(defaultJobs(8, 2 * GiB, '')).toBe(1);
    expect(defaultJobs(2, 24 * GiB, '3')).toBe(3);
    expect(defaultJobs(2, 24 * GiB, '0')).toBe(2);
    expect(defaultJobs(2, 24 * GiB, 'many')).toBe(2);
  });
});

describe("each worker's heap", () => {
  it('is its share of three quarters of memory, never below Node’s own limit', async () => {
    const { workerHeapMiB } = await import('../../src/pool/default-jobs.ts');
    const GiB = 1024 ** 3;
    expect(workerHeapMiB(2, 24 * GiB, 4 * GiB)).toBe(9 * 1024);
    expect(workerHeapMiB(1, 24 * GiB, 4 * GiB)).toBe(18 * 1024);
    expect(workerHeapMiB(8, 8 * GiB, 4 * GiB)).toBe(4 * 1024);
  });
});
