// `syncbench run` and the engines' known findings: a run that fails as a known finding says so and
// does not fail the exit code (unless --strict); a new failure does; the report and the Markdown
// summary list known findings apart from new failures.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResultsDocument } from '../../src/results/results-document.ts';
import { runCli } from './fake-process.ts';
import { tempDir } from '../helpers/temp-dir.ts';

// RxDB's lost-request stall shows in concurrent-edits at ci scale, seed 1 (docs/findings.md).
const known = ['run', 'concurrent-edits', '--engines', 'rxdb,reference', '--scale', 'ci', '--out', 'out'];

describe('syncbench run and known findings', () => {
  it('reports a known finding, lists it at the end and exits 0; --strict exits 1', async () => {
    const dir = tempDir('syncbench-known-');
    const { code, stderr } = await runCli(known, dir);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('[known finding rxdb-lost-request-stalls]');
    expect(stderr).toMatch(
      /^known finding rxdb-lost-request-stalls: concurrent-edits × rxdb: .*\(docs\/findings\.md#rxdb-lost-request-stalls\)$/m,
    );
    expect(stderr).toContain('1 run failed as 1 known finding, not failures: rxdb-lost-request-stalls');
    expect(stderr).not.toContain('FAILED');
    const doc = JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8')) as ResultsDocument;
    expect(doc.complete).toBe(true);
    const rxdb = doc.runs.find((r) => r.engine === 'rxdb');
    expect(rxdb?.state === 'completed' && rxdb.knownFinding).toMatchObject({
      id: 'rxdb-lost-request-stalls',
      reproduced: true,
    });
    const page = readFileSync(join(dir, 'out', 'report.html'), 'utf8');
    expect(page).toContain('<h2>Known findings</h2>');
    expect(page).not.toContain('<h2>Failed runs</h2>');
    const md = await runCli(['report', 'out/results.json', '--format', 'md', '-o', '-'], dir);
    expect(md.stdout).toContain('## Known findings');
    expect(md.stdout).not.toContain('## Failed runs');

    const strict = await runCli([...known, '--strict'], dir);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/^FAILED concurrent-edits × rxdb \(seed 1\); replay: /m);
    expect(strict.stderr).toContain('1 run failed as 1 known finding, failures under --strict');
  }, 60_000);

  it('still exits 1 on a failure nobody knows of (an engine that forgets to resync)', async () => {
    const dir = tempDir('syncbench-broken-');
    const broken = join(process.cwd(), 'test', 'runner', 'broken-engines.ts');
    writeFileSync(
      join(dir, 'broken.ts'),
      `export { noResyncOnReconnect as default } from ${JSON.stringify(broken)};\n`,
    );
    const { code, stderr } = await runCli(
      ['run', 'concurrent-edits', '--engines', './broken.ts', '--scale', 'ci', '--seed', '3', '--out', 'out'],
      dir,
    );
    expect(code, stderr).toBe(1);
    expect(stderr).toMatch(/^FAILED concurrent-edits × yjs-no-resync \(seed 3\)/m);
    expect(stderr).not.toContain('known finding');
  }, 60_000);
});
