// `syncbench run --jobs N` and `--shard i/n` with `syncbench merge`: the same results for every
// number of workers and for the merged shards, a worker that dies costs only its run, and the
// gate takes a merge like an unsharded run but refuses a lone shard.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResultsDocument } from '../../src/results/results-document.ts';
import { runCli } from './fake-process.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const matrix = ['concurrent-edits', 'partition-heal', '--engines', 'yjs,reference', '--scale', 'ci'];
const read = (dir: string, out: string): ResultsDocument =>
  JSON.parse(readFileSync(join(dir, out, 'results.json'), 'utf8')) as ResultsDocument;
/** Everything but the wall-clock figures and the command line. */
const exact = (doc: ResultsDocument): unknown => {
  const { command: _command, ...meta } = doc.meta;
  return { ...doc, meta, timing: undefined };
};

describe('parallel and sharded runs', () => {
  it('gives the same results.json apart from timing on 1 and 2 workers', async () => {
    const dir = tempDir('syncbench-jobs-');
    const one = await runCli(['run', ...matrix, '--jobs', '1', '--out', 'one'], dir);
    const two = await runCli(['run', ...matrix, '--jobs', '2', '--out', 'two'], dir);
    expect([one.code, two.code], one.stderr + two.stderr).toEqual([0, 0]);
    expect(exact(read(dir, 'two'))).toEqual(exact(read(dir, 'one')));
    expect(read(dir, 'two').runs.map((r) => `${r.scenario} × ${r.engine}`)).toEqual([
      'concurrent-edits × yjs',
      'concurrent-edits × reference',
      'partition-heal × yjs',
      'partition-heal × reference',
    ]);
    expect(two.stdout).toBe(one.stdout); // the comparison table
    for (const t of read(dir, 'two').timing.runs)
      expect(t.peakRssBytes).toBeGreaterThan(t.peakHeapBytes ?? 0);
  }, 120_000);

  it('turns a run whose worker dies into an errored result with the reason, and goes on', async () => {
    const dir = tempDir('syncbench-crash-');
    const broken = join(process.cwd(), 'test', 'runner', 'broken-engines.ts');
    writeFileSync(
      join(dir, 'dies.ts'),
      `export { killsItsProcess as default } from ${JSON.stringify(broken)};\n`,
    );
    const { code, stderr } = await runCli(
      'run concurrent-edits partition-heal --engines ./dies.ts,reference --scale ci --jobs 2 --out out'.split(
        ' ',
      ),
      dir,
    );
    expect(code, stderr).toBe(1);
    const doc = read(dir, 'out');
    expect(doc.complete).toBe(true);
    expect(doc.runs.map((r) => `${r.engine} ${r.state}`)).toEqual([
      'yjs-kills-process errored',
      'reference completed',
      'yjs-kills-process errored',
      'reference completed',
    ]);
    const errored = doc.runs[0]!;
    expect(errored.state === 'errored' && errored.error).toMatch(
      /^its worker process ended before the run did \(signal SIGKILL[^)]*\): FATAL ERROR: planted crash/,
    );
    expect(stderr).toMatch(/^FAILED concurrent-edits × yjs-kills-process \(seed 1\); replay: /m);
  }, 120_000);

  it('gives the run after an errored one a fresh worker, so a broken process-wide module does not spread', async () => {
    const dir = tempDir('syncbench-poisoned-');
    const broken = join(process.cwd(), 'test', 'runner', 'broken-engines.ts');
    writeFileSync(
      join(dir, 'aborts.ts'),
      `export { abortsItsModule as default } from ${JSON.stringify(broken)};\n`,
    );
    const { code, stderr } = await runCli(
      'run concurrent-edits partition-heal --engines ./aborts.ts --scale ci --jobs 1 --out out'.split(' '),
      dir,
    );
    expect(code, stderr).toBe(1);
    const errors = read(dir, 'out').runs.map((r) => (r.state === 'errored' ? r.error : r.state));
    // Each run fails on its own abort, not on the module its predecessor left broken.
    expect(errors).toEqual(['planted abort: out of module memory', 'planted abort: out of module memory']);
  }, 120_000);

  it('stops a run past --run-timeout and records how far it got, and the others finish', async () => {
    const dir = tempDir('syncbench-timeout-');
    const broken = join(process.cwd(), 'test', 'runner', 'broken-engines.ts');
    writeFileSync(
      join(dir, 'slow.ts'),
      `export { slowToReceive as default } from ${JSON.stringify(broken)};\n`,
    );
    const { code, stderr } = await runCli(
      'run offline-weeks concurrent-edits --engines ./slow.ts,reference --scale ci --run-timeout 5s --jobs 2 --out out'.split(
        ' ',
      ),
      dir,
    );
    expect(code, stderr).toBe(1);
    const doc = read(dir, 'out');
    const stopped = doc.runs.find((r) => r.scenario === 'offline-weeks' && r.engine === 'yjs-slow')!;
    expect(stopped.state === 'errored' && stopped.error).toMatch(
      /^did not finish within 5 s: stopped at \d+% of its timeline \(.* simulated\)(, its process at .* resident at most)?$/,
    );
    expect(doc.runs.filter((r) => r.state === 'completed').map((r) => `${r.scenario} × ${r.engine}`)).toEqual(
      expect.arrayContaining(['concurrent-edits × reference', 'offline-weeks × reference']),
    );
  }, 120_000);

  it('merges shards 1/3, 2/3 and 3/3 into the unsharded results, which the gate accepts', async () => {
    const dir = tempDir('syncbench-shards-');
    const whole = await runCli(['run', ...matrix, '--out', 'whole'], dir);
    expect(whole.code, whole.stderr).toBe(0);
    const slices: string[][] = [];
    for (const i of [1, 2, 3]) {
      const shard = await runCli(['run', ...matrix, '--shard', `${i}/3`, '--out', `shard-${i}`], dir);
      expect(shard.code, shard.stderr).toBe(0);
      const doc = read(dir, `shard-${i}`);
      expect(doc.meta.shard).toEqual({ index: i, count: 3 });
      slices.push(doc.runs.map((r) => `${r.scenario} × ${r.engine}`));
    }
    expect(slices.flat().sort()).toEqual(
      read(dir, 'whole')
        .runs.map((r) => `${r.scenario} × ${r.engine}`)
        .sort(),
    );
    for (const slice of slices) expect(slice.length).toBeGreaterThan(0);

    const files = ['shard-3/results.json', 'shard-1/results.json', 'shard-2/results.json'];
    const merged = await runCli(['merge', ...files, '-o', 'merged'], dir);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stderr).toContain('merged 3 shards (4 runs)');
    const doc = read(dir, 'merged');
    expect(exact(doc)).toEqual(exact(read(dir, 'whole')));
    expect(doc.meta.command).toBe(read(dir, 'whole').meta.command.replace('--out whole', '--out shard-1'));
    expect(doc.timing.shards?.map((s) => s.shard)).toEqual(['1/3', '2/3', '3/3']);

    const gate = await runCli(
      ['gate', '--baseline', 'whole/results.json', '--current', 'merged/results.json'],
      dir,
    );
    expect(gate.code, gate.stdout + gate.stderr).toBe(0);
    const lone = await runCli(
      ['gate', '--baseline', 'whole/results.json', '--current', 'shard-1/results.json'],
      dir,
    );
    expect(lone.code).toBe(2);
    expect(lone.stdout + lone.stderr).toContain(
      'the current results hold only shard 1/3 of the matrix: merge the shards (syncbench merge)',
    );

    // Refused: a shard twice, a shard missing, another configuration, an interrupted shard, not a shard.
    const twice = await runCli(
      ['merge', 'shard-1/results.json', 'shard-1/results.json', 'shard-2/results.json', '-o', 'bad'],
      dir,
    );
    expect(twice.code).toBe(64);
    expect(twice.stderr).toMatch(
      /^syncbench: cannot merge: 2 problems: shard-1\/results\.json and shard-1\/results\.json are both shard 1\/3; shard 3\/3 missing/,
    );
    const other = await runCli(['run', ...matrix, '--seed', '2', '--shard', '3/3', '--out', 'seed-2'], dir);
    expect(other.code).toBe(0);
    const mixed = await runCli(
      ['merge', 'shard-1/results.json', 'shard-2/results.json', 'seed-2/results.json', '-o', 'bad'],
      dir,
    );
    expect(mixed.stderr).toContain(
      'syncbench: cannot merge: seed-2/results.json was run with another configuration than shard-1/results.json: seed 2 there, 1 in shard-1/results.json',
    );
    const partial = read(dir, 'shard-2');
    writeFileSync(join(dir, 'partial.json'), JSON.stringify({ ...partial, complete: false }));
    const interrupted = await runCli(
      ['merge', 'shard-1/results.json', 'partial.json', 'shard-3/results.json', '-o', 'bad'],
      dir,
    );
    expect(interrupted.stderr).toContain('partial.json (shard 2/3) is incomplete');
    const notShard = await runCli(['merge', 'whole/results.json', '-o', 'bad'], dir);
    expect(notShard.stderr).toContain('whole/results.json is not a shard');
  }, 240_000);
});
