// Lint configuration: typed rules from typescript-eslint on all TypeScript sources.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import layers from './scripts/lint-layers.js';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'syncbench-out/**',
      'syncbench-bench/**',
      'coverage/**',
      'scratch/**',
    ],
  },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Folders import downward only: scripts/lint-layers.js holds the map of the layers.
    files: ['src/**/*.ts', 'adapters/**/*.ts', 'scenarios/**/*.ts', 'reports/**/*.ts', 'bin/**/*.js'],
    plugins: { layers },
    rules: { 'layers/downward': ['error', { root: import.meta.dirname }] },
  },
  {
    // The examples are written as a user writes them: against the public API only.
    files: ['examples/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../*'],
              message: 'Examples import only syncbench/adapter, /scenario or /conformance.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/sim/**/*.ts', 'src/runner/**/*.ts', 'src/engine/**/*.ts', 'adapters/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Simulated code reads the virtual clock.' },
        { object: 'Math', property: 'random', message: 'Simulated code draws from a seeded stream.' },
        { object: 'performance', property: 'now', message: 'Wall time is measured in src/timing only.' },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use the virtual timers of the simulation.' },
        { name: 'setInterval', message: 'Use the virtual timers of the simulation.' },
      ],
    },
  },
  {
    // The one reviewed exception: the virtual runtime replaces these globals with simulated ones.
    files: ['src/sim/virtual-runtime.ts'],
    rules: { 'no-restricted-properties': 'off', 'no-restricted-globals': 'off' },
  },
  {
    files: ['**/*.js'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', globalThis: 'readonly' },
    },
  },
);
