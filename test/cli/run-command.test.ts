import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ResultsDocument } from '../../src/results/results-document.ts';
import { runCli } from './fake-process.ts';
import { expectCompleted } from '../helpers/completed-run.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const args = ['run', 'concurrent-edits', '--engines', 'yjs', '--scale', 'ci', '--out', 'out'];

async function runTo(dir: string, seed: number): Promise<{ text: string; doc: ResultsDocument }> {
  const { code, stderr } = await runCli([...args, '--seed', String(seed)], dir);
  expect(code, stderr).toBe(0);
  const text = readFileSync(join(dir, 'out', 'results.json'), 'utf8');
  return { text, doc: JSON.parse(text) as ResultsDocument };
}

function withoutTiming(text: string): string {
  const { timing: _timing, ...rest } = JSON.parse(text) as ResultsDocument;
  return JSON.stringify(rest);
}

describe('syncbench run', () => {
  it('writes report.html beside results.json, and `report` renders it again and as Markdown', async () => {
    const dir = tempDir('syncbench-');
    await runTo(dir, 1);
    const page = readFileSync(join(dir, 'out', 'report.html'), 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('<table id="summary">');
    const again = await runCli(['report', 'out/results.json', '-o', 'again.html'], dir);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/report: .*again\.html \(\d+ bytes\)/);
    const md = await runCli(
      ['report', 'out/results.json', '--format', 'md', '--baseline', 'out/results.json', '-o', '-'],
      dir,
    );
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout).toContain('## concurrent-edits');
    expect(md.stdout).toContain('(unchanged)');
    // Without -o the report goes to a file, not 200 KB of HTML to the terminal.
    const plain = await runCli(['report', 'out/results.json'], dir);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toBe('');
    expect(plain.stderr).toMatch(/^report: .*syncbench-report\.html \(\d+ bytes\)\n$/);
    expect(readFileSync(join(dir, 'syncbench-report.html'), 'utf8')).toMatch(/^<!doctype html>/);
    const into = await runCli(['report', 'out/results.json', '-o', 'reports/'], dir);
    expect(into.stderr).toMatch(/^report: .*reports\/syncbench-report\.html /);
  });

  it('report --baseline of another seed warns as gate does, and leaves the changes uncoloured', async () => {
    const dir = tempDir('syncbench-');
    await runTo(dir, 2);
    const base = await runCli([...args.slice(0, -1), 'base', '--seed', '1'], dir);
    expect(base.code, base.stderr).toBe(0);
    const html = await runCli(
      ['report', 'out/results.json', '--baseline', 'base/results.json', '-o', 'r.html'],
      dir,
    );
    expect(html.code).toBe(0);
    expect(html.stderr).toMatch(
      /^syncbench report: warning: not comparable with the baseline base\/results\.json \(different seeds: baseline 1, current 2\)/,
    );
    const page = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(page).toContain('<strong>Not comparable</strong> with baseline');
    expect(page).not.toMatch(/<td class="(best )?(worse|better)"/);
    const md = await runCli(
      ['report', 'out/results.json', '--baseline', 'base/results.json', '--format', 'md', '-o', '-'],
      dir,
    );
    expect(md.stdout).toMatch(/\*\*Not comparable\*\* with baseline `base\/results\.json`: different seeds/);
    expect(md.stdout).not.toMatch(/🔴|🟢/);
  });

  it('writes a schema-versioned results.json with a converged run and real figures', async () => {
    const dir = tempDir('syncbench-');
    const { doc } = await runTo(dir, 1);
    expect(doc.schemaVersion).toBe(1);
    expect(doc.meta).toMatchObject({
      seed: 1,
      scale: 'ci',
      engines: ['yjs'],
      scenarios: ['concurrent-edits'],
    });
    expect(doc.meta.libraries.yjs).toMatch(/^13\./);
    expect(doc.meta.command).toBe(`syncbench ${args.join(' ')} --seed 1`);
    const run = doc.runs[0];
    expectCompleted(run);
    expect(run.converged).toBe(true);
    expect(run.wire.bytes).toBeGreaterThan(0);
    expect(run.replicas.every((r) => r.storedBytes > 0)).toBe(true);
    expect(run.replay).toBe('npx syncbench run concurrent-edits --engines yjs --seed 1 --scale ci');
    expect(doc.timing.runs[0]?.wallMs).toBeGreaterThan(0);
  });

  it('is byte-identical apart from timing for the same seed, and differs for another seed', async () => {
    const dir = tempDir('syncbench-');
    const first = (await runTo(dir, 5)).text;
    const second = (await runTo(dir, 5)).text;
    expect(withoutTiming(second)).toBe(withoutTiming(first));
    const other = await runTo(dir, 6);
    const wire = (doc: ResultsDocument) => (doc.runs[0]?.state === 'completed' ? doc.runs[0].wire.bytes : -1);
    expect(wire(other.doc)).not.toBe(wire(JSON.parse(first) as ResultsDocument));
  });

  it('replaces the network with --profile and records it for replay', async () => {
    const dir = tempDir('syncbench-');
    const plain = (await runTo(dir, 2)).doc;
    const { code } = await runCli([...args, '--seed', '2', '--profile', 'satellite'], dir);
    expect(code).toBe(0);
    const slow = JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8')) as ResultsDocument;
    expect(slow.meta.profile).toBe('satellite');
    const [a, b] = [plain.runs[0], slow.runs[0]];
    expectCompleted(a);
    expectCompleted(b);
    expect(b.replay).toContain('--profile satellite');
    const [plainP50, slowP50] = [a.visibilityMs.p50Ms, b.visibilityMs.p50Ms];
    if (plainP50 === null || slowP50 === null) throw new Error('no visibility probe completed');
    expect(slowP50).toBeGreaterThan(2 * 300); // two satellite hops
    expect(plainP50).toBeLessThan(slowP50);
  });

  it('compresses every engine the same with --compression deflate, payload unchanged, and says who cannot', async () => {
    const dir = tempDir('syncbench-');
    const plain = (await runTo(dir, 1)).doc;
    // An engine module whose stack compresses nothing (the example engine) cannot.
    const engines = `yjs,${join(process.cwd(), 'examples', 'lww-broadcast-engine.ts')}`;
    const deflate = ['run', 'concurrent-edits', '--engines', engines, '--scale', 'ci', '--out', 'out'];
    const { code, stderr } = await runCli([...deflate, '--compression', 'deflate'], dir);
    expect(code, stderr).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8')) as ResultsDocument;
    expect(doc.meta.compression).toBe('deflate');
    const [a, b] = [plain.runs[0], doc.runs[0]];
    expectCompleted(a);
    expectCompleted(b);
    expect([a.compression, b.compression]).toEqual(['none', 'deflate']);
    expect(b.replay).toContain('--compression deflate');
    expect(b.wire.bytes).toBe(a.wire.bytes);
    expect(b.wire.framedBytes).toBeLessThan(a.wire.framedBytes * 0.8);
    expect(doc.runs[1]).toMatchObject({ engine: 'lww-broadcast', state: 'unsupported' });
    expect(doc.runs[1]?.state === 'unsupported' && doc.runs[1].reason).toMatch(
      /lww-broadcast cannot run with --compression deflate: its stack here does not compress/,
    );
    const bad = await runCli([...args, '--compression', 'gzip'], dir);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toMatch(/--compression.*must be one of none, deflate, got "gzip"/);
  });

  it('runs a scenario module given by path', async () => {
    const dir = tempDir('syncbench-');
    const file = join(import.meta.dirname, 'fixtures', 'two-clients.ts');
    const { code, stderr } = await runCli(['run', file, '--engines', 'yjs', '--out', 'out'], dir);
    expect(code, stderr).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8')) as ResultsDocument;
    expect(doc.runs[0]).toMatchObject({ scenario: 'two-clients', state: 'completed', converged: true });
    expect(doc.runs[0]?.replay).toContain(file);
  });

  it('rejects an invalid scenario module with exit 64 and the path of the problem', async () => {
    const file = join(import.meta.dirname, 'fixtures', 'broken-scenario.ts');
    const { code, stderr } = await runCli(['run', file, '--engines', 'yjs', '--out', tempDir('sb-')]);
    expect(code).toBe(64);
    expect(stderr.trim()).toBe(`syncbench: scenario ${file}: network.delay must be a number ≥ 0, got -5`);
  });

  it('compares every engine of a run in one table, a row per engine', async () => {
    const dir = tempDir('syncbench-');
    const engines = [
      'run',
      'concurrent-edits',
      '--engines',
      'yjs,reference',
      '--scale',
      'ci',
      '--out',
      'out',
    ];
    const { code, stdout, stderr } = await runCli(engines, dir);
    expect(code, stderr).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^scenario\s+engine\s+converged\s+converged after\s+ops\s+payload B/);
    expect(lines.slice(1).map((l) => l.split(/\s+/).slice(0, 3))).toEqual([
      ['concurrent-edits', 'yjs', 'yes'],
      ['concurrent-edits', 'reference', 'yes'],
    ]);
  });

  it('runs a third-party engine module exactly like a built-in, and replays it by its path', async () => {
    const dir = tempDir('syncbench-');
    const engine = join(process.cwd(), 'examples', 'lww-broadcast-engine.ts');
    const { code, stderr } = await runCli(
      ['run', 'concurrent-edits', '--engines', engine, '--scale', 'ci', '--out', 'out'],
      dir,
    );
    expect(code, stderr).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8')) as ResultsDocument;
    expect(doc.meta.libraries).toEqual({ 'lww-broadcast': '1.0.0' });
    const run = doc.runs[0];
    expectCompleted(run);
    expect(run.engine).toBe('lww-broadcast');
    expect(run.converged).toBe(true);
    expect(run.replay).toBe(`npx syncbench run concurrent-edits --engines ${engine} --seed 1 --scale ci`);
  });

  it('loads an engine from an installed package by its name', async () => {
    const dir = tempDir('syncbench-');
    const pkg = join(dir, 'node_modules', 'my-sync-engine');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(
      join(pkg, 'package.json'),
      JSON.stringify({ name: 'my-sync-engine', type: 'module', main: 'index.js' }),
    );
    const example = pathToFileURL(join(process.cwd(), 'examples', 'lww-broadcast-engine.ts')).href;
    writeFileSync(join(pkg, 'index.js'), `export { lwwBroadcast as adapter } from '${example}';\n`);
    const { code, stdout, stderr } = await runCli(
      ['run', 'concurrent-edits', '--engines', 'my-sync-engine', '--scale', 'ci', '--out', 'out'],
      dir,
    );
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/concurrent-edits\s+lww-broadcast\s+yes/);
  });

  it('runs a JSON scenario with readable durations and generated bursts', async () => {
    const dir = tempDir('syncbench-');
    const file = join(process.cwd(), 'examples', 'two-teams.json');
    const { code, stderr } = await runCli(
      ['run', file, '--engines', 'yjs', '--scale', 'ci', '--out', 'out'],
      dir,
    );
    expect(code, stderr).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8')) as ResultsDocument;
    const run = doc.runs[0];
    expectCompleted(run);
    expect(run.scenario).toBe('two-teams');
    expect(run.converged).toBe(true);
    expect(run.opsApplied).toBeGreaterThan(100); // 4 clients × 10 bursts × 4 ops, some rejected
    expect(run.endMs).toBeGreaterThanOrEqual(3_600_000); // the timeline runs an hour
    expect(run.replay).toContain('two-teams.json');
  });

  it('prints results to stdout with --json', async () => {
    const dir = tempDir('syncbench-');
    const { code, stdout } = await runCli([...args, '--json'], dir);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as ResultsDocument).runs).toHaveLength(1);
  });
});
