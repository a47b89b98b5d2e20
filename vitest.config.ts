import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Two projects, so a maintainer can run the fast half alone: `unit` (the simulator, the reference
// engine's parts, the scenario language, gate, reports, CLI parsing, the layer rule) and `engines`
// (every engine's conformance, the built-in scenarios, fuzzing, the CLI end to end).
const UNIT = [
  'test/sim/**/*.test.ts',
  'test/timing/**/*.test.ts',
  'test/engine/**/*.test.ts',
  'test/scenario/**/*.test.ts',
  'test/gate/{compare-figures,gate-output,welch}.test.ts',
  'test/reports/**/*.test.ts',
  'test/cli/{comparison-table,progress,usage-errors}.test.ts',
  'test/runner/{fault-periods,wire-metrics}.test.ts',
  'test/conformance/**/*.test.ts',
  'test/contract/**/*.test.ts',
  'test/scripts/**/*.test.ts',
  'test/pool/**/*.test.ts',
  'test/examples/docs-examples.test.ts',
];
const ALL = ['test/**/*.test.ts', 'examples/**/*.test.ts'];
const FIDELITY = ['test/fidelity/**/*.test.ts'];
const WORKERS = Math.max(2, availableParallelism());

export default defineConfig({
  // `syncbench/adapter` and friends resolve to the TypeScript sources under test, not dist/.
  resolve: { conditions: ['syncbench-source'] },
  ssr: { resolve: { conditions: ['syncbench-source'] } },
  test: {
    testTimeout: 60_000,
    // CLI runs in tests use one worker unless a test asks for more: vitest runs files side by
    // side already, so a second worker per suite only adds a process start.
    env: { SYNCBENCH_JOBS: '1' },
    pool: 'forks',
    projects: [
      // Vitest's default for `run` is one worker fewer than the cores: one file at a time on a
      // 2-core CI machine, which made the suite take twice as long as it needs to.
      {
        extends: true,
        test: { name: 'unit', include: UNIT, maxWorkers: WORKERS, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: {
          name: 'engines',
          include: ALL,
          exclude: [...UNIT, ...FIDELITY],
          maxWorkers: WORKERS,
          sequence: { groupOrder: 0 },
        },
      },
      // The real stacks over real loopback sockets run with real timers, so what they send
      // depends on how busy the machine is: they run last, one file at a time, as they were measured.
      {
        extends: true,
        test: { name: 'fidelity', include: FIDELITY, maxWorkers: 1, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
