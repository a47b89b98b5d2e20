// Each known finding still fails on the run that shows it, as the registry says. The CI matrix
// (every built-in scenario and engine at ci scale, seed 1) covers the findings shown at seed 1;
// this runs the others, so a library that fixes one is noticed here, not only by chance.
import { describe, expect, it } from 'vitest';
import { KNOWN_FINDINGS } from '../../adapters/known-findings.ts';
import { runCli } from '../cli/fake-process.ts';
import { tempDir } from '../helpers/temp-dir.ts';

// Those shown only above ci scale are pinned small by their own tests (`pinnedBy`).
const outsideTheMatrix = KNOWN_FINDINGS.filter((f) => f.shownBy.seed !== 1 && f.shownBy.scale === 'ci');

describe('known findings outside the CI matrix', () => {
  it('are there to run (the registry has one shown at another seed)', () => {
    expect(outsideTheMatrix.length).toBeGreaterThan(0);
  });

  it.each(outsideTheMatrix.map((f) => [f.id, f] as const))(
    '%s still fails on the run that shows it',
    async (id, f) => {
      const { scenario, scale, seed } = f.shownBy;
      const argv = ['run', scenario, '--engines', f.engine, '--scale', scale, '--seed', String(seed)];
      const { code, stderr } = await runCli([...argv, '--out', tempDir('syncbench-finding-')]);
      expect(code, stderr).toBe(0);
      expect(stderr).toContain(`known finding ${id}: ${scenario} × ${f.engine}: ${f.summary}`);
      expect(stderr).not.toMatch(/no longer reproduces|FAILED/);
    },
    60_000,
  );
});
