import { defineConfig } from 'vitest/config';

export default defineConfig({
  // `syncbench/adapter` and friends resolve to the TypeScript sources under test, not dist/.
  resolve: { conditions: ['syncbench-source'] },
  ssr: { resolve: { conditions: ['syncbench-source'] } },
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
