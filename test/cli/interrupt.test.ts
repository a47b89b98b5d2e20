// Ctrl-C during a suite: the runs finished so far are in results.json (complete: false), the
// command says where, and exits 130, as a shell reports an interrupted command; `--resume` then
// keeps those runs, runs the rest, and ends with the same results as a suite never interrupted.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from './fake-process.ts';
import type { ResultsDocument } from '../../src/results/results-document.ts';
import { tempDir } from '../helpers/temp-dir.ts';

it('keeps the finished runs when a suite is interrupted with SIGINT, and exits 130', async () => {
  const dir = tempDir('syncbench-interrupt-');
  // An earlier suite's results, which must not pass for this one's.
  mkdirSync(join(dir, 'out'));
  writeFileSync(join(dir, 'out', 'results.json'), JSON.stringify({ stale: true }));
  const bin = join(process.cwd(), 'bin', 'syncbench.js');
  const child = spawn(
    process.execPath,
    [bin, 'run', '--engines', 'reference', '--scale', 'ci', '--out', 'out'],
    {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no run finished in 60 s:\n${stderr}`)), 60_000);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      // A run has finished and is written (two workers run two at once, longest first).
      if (/^\[1\/8\] \S+ × reference: converged/m.test(stderr)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  child.kill('SIGINT');
  expect(await exited).toBe(130);
  expect(stderr).toMatch(
    /interrupted \(SIGINT\): the \d+ finished runs are in .*results\.json \(complete: false\)/,
  );
  const doc = JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8')) as ResultsDocument;
  expect(doc.complete).toBe(false);
  expect(doc).not.toHaveProperty('stale');
  expect(doc.runs.length).toBeGreaterThanOrEqual(1);
  expect(doc.runs.length).toBeLessThan(8);
  for (const run of doc.runs) expect(run).toMatchObject({ engine: 'reference', state: 'completed' });
  const page = readFileSync(join(dir, 'out', 'report.html'), 'utf8');
  expect(page).toContain('<table id="summary">');
  expect(page).toContain('no: the suite was interrupted or is still running');

  // Another configuration is refused, naming the difference, and the partial results stay.
  const suite = ['run', '--engines', 'reference', '--scale', 'ci'];
  const other = await runCli([...suite, '--seed', '2', '--out', 'out', '--resume'], dir);
  expect(other.code).toBe(64);
  expect(other.stderr).toMatch(
    /^syncbench: --resume: .*results\.json holds runs of another configuration \(seed 1 there, 2 now\)/,
  );
  expect(JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8'))).toEqual(doc);

  const resumed = await runCli([...suite, '--out', 'out', '--resume'], dir);
  expect(resumed.code, resumed.stderr).toBe(0);
  expect(resumed.stderr).toMatch(new RegExp(`resuming: ${doc.runs.length} finished runs? in .* are kept`));
  const keptLines = resumed.stderr.match(
    /^\[\d\/8\] \S+ × reference: converged .*\(kept from the earlier suite\)$/gm,
  );
  expect(keptLines).toHaveLength(doc.runs.length);
  for (const run of doc.runs) expect(resumed.stderr).not.toContain(`${run.scenario} × reference …`);
  const fresh = await runCli([...suite, '--out', 'fresh'], dir);
  expect(fresh.code).toBe(0);
  const read = (out: string): ResultsDocument =>
    JSON.parse(readFileSync(join(dir, out, 'results.json'), 'utf8')) as ResultsDocument;
  expect(read('out').complete).toBe(true);
  expect(read('out').runs).toEqual(read('fresh').runs);
  expect(read('out').timing.runs.map((t) => t.scenario)).toEqual(
    read('fresh').timing.runs.map((t) => t.scenario),
  );
}, 120_000);
