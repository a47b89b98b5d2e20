// The layer rule: an upward import, a peer import and an import outside an engine's allowed rooms
// fail; downward imports and imports inside one folder pass; every source file is in a layer.
import { execFileSync } from 'node:child_process';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { roomOf, violation } from '../../scripts/lint-layers.js';

describe('layers/downward', () => {
  it.each([
    ['src/runner/run-context.ts', 'reports/escape.ts', /reports\/ is a layer above src\/runner\//],
    ['src/engine/wire.ts', 'adapters/registry.ts', /src\/engine\/ may import only src\/contract\//],
    ['adapters/yjs/websocket-client.ts', 'adapters/automerge/index.ts', /adapters\/yjs\/ may import only/],
    ['src/fuzz/run-fuzz.ts', 'src/bench/run-bench.ts', /peers on one floor/],
    ['src/contract/ops.ts', 'src/scenario/define-scenario.ts', /is a layer above/],
    ['src/sim/network.ts', 'src/contract/contract.ts', /is a layer above/],
  ])('refuses %s importing %s', (from, to, why) => {
    expect(violation(from, to)).toMatch(why);
  });

  it.each([
    ['src/cli/main.ts', 'src/runner/run-scenario.ts'],
    ['adapters/reference/index.ts', 'src/engine/engine-server.ts'],
    ['adapters/registry.ts', 'adapters/yjs/index.ts'],
    ['src/runner/settle.ts', 'src/runner/measure.ts'],
    ['src/contract/contract.ts', 'src/sim/network.ts'],
  ])('lets %s import %s', (from, to) => {
    expect(violation(from, to)).toBeUndefined();
  });

  it('places every runtime source file in a layer', () => {
    const files = execFileSync('git', ['ls-files', 'src', 'adapters', 'scenarios', 'reports', 'bin'], {
      encoding: 'utf8',
    })
      .split('\n')
      .filter((f) => /\.(ts|js)$/.test(f));
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter((f) => !roomOf(f))).toEqual([]);
  });

  it('fails ESLint on an upward import in a real source file', async () => {
    const eslint = new ESLint();
    const source = "import { html } from '../../reports/escape.ts';\nexport const escaped = html('x');\n";
    // An existing file's path, so the typed parser finds it in the project; the text is ours.
    const [result] = await eslint.lintText(source, { filePath: 'src/runner/drain.ts' });
    expect(result?.messages.map((m) => m.ruleId)).toContain('layers/downward');
  });
});
