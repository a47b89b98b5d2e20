// `syncbench gate` end to end on real runs: the same code passes (also when the gate runs the
// suite itself), an engine option that sends more bytes fails naming the metrics, different
// seeds are not comparable, bad files are one-line errors, and the baseline is updated whole.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/fake-process.ts';
import type { GateSummary } from '../../src/gate/gate-output.ts';
import type { ResultsDocument } from '../../src/results/results-document.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const dir = tempDir('syncbench-gate-');
const base = join(dir, 'base', 'results.json');
const worse = join(dir, 'worse', 'results.json');

beforeAll(async () => {
  const common = ['large-workspace', '--scale', 'ci', '--seed', '3'];
  expect((await runCli(['run', ...common, '--engines', 'reference', '--out', join(dir, 'base')])).code).toBe(
    0,
  );
  const engine = './test/gate/fixtures/reference-small-parts.ts';
  expect((await runCli(['run', ...common, '--engines', engine, '--out', join(dir, 'worse')])).code).toBe(0);
}, 120_000);

describe('syncbench gate', () => {
  it('passes identical results with exit 0', async () => {
    const { code, stdout } = await runCli(['gate', '--baseline', base, '--current', base]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^gate: PASS/);
    expect(stdout).toMatch(/figures: .*unchanged/);
  });

  it('fails an engine option that sends more bytes with exit 1 and a table naming the metrics', async () => {
    const markdown = join(dir, 'gate.md');
    const { code, stdout } = await runCli(['gate', '-b', base, '-c', worse, '--markdown', markdown]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^gate: FAIL/);
    expect(stdout).toMatch(/REGRESSED\s+large-workspace\s+reference\s+wireBytes\s+[\d,]+\s+[\d,]+\s+\+\d/);
    expect(stdout).toMatch(/REGRESSED\s+large-workspace\s+reference\s+catchUpBytesIn:full bootstrap/);
    expect(readFileSync(markdown, 'utf8')).toMatch(
      /\| 🔴 \*\*regressed\*\* \| large-workspace \| reference \| wireBytes \|/,
    );
  });

  it('calls suite results against benchmark results not comparable (exit 2), not 48 regressions', async () => {
    const bench = join(dir, 'bench');
    const made = await runCli([
      ...['bench', '--engines', 'reference', '--scale', 'ci', '--samples', '3'],
      ...['--primitives', 'encode-state', '--out', bench],
    ]);
    expect(made.code, made.stderr).toBe(0);
    const { code, stdout } = await runCli(['gate', '-b', base, '-c', join(bench, 'results.json')]);
    expect(code).toBe(2);
    expect(stdout).toMatch(
      /^gate: NOT COMPARABLE .*\n {2}different kinds of results: the baseline holds suite runs \(syncbench run\), the current results benchmarks \(syncbench bench\)\n/,
    );
  });

  it('warns of a timing regression and passes, unless --timings fail', async () => {
    const slower = JSON.parse(readFileSync(base, 'utf8')) as ResultsDocument;
    const runs = slower.timing.runs.map((r) => ({ ...r, wallMs: r.wallMs * 10 + 10_000 }));
    const file = join(dir, 'slower.json');
    writeFileSync(file, JSON.stringify({ ...slower, timing: { ...slower.timing, runs } }));
    const warned = await runCli(['gate', '-b', base, '-c', file]);
    expect(warned.code).toBe(0);
    expect(warned.stdout).toMatch(/^gate: PASS/);
    expect(warned.stdout).toMatch(/wallMs/);
    const gated = await runCli(['gate', '-b', base, '-c', file, '--timings', 'fail']);
    expect(gated.code).toBe(1);
    expect(gated.stdout).toMatch(/^gate: FAIL/);
    expect((await runCli(['gate', '-b', base, '-c', file, '--timings', 'maybe'])).code).toBe(64);
  });

  it('lists a figure an older results file lacks as new, not as a change from nothing', async () => {
    const older = JSON.parse(readFileSync(base, 'utf8')) as ResultsDocument;
    for (const run of older.runs) {
      if (run.state !== 'completed') continue;
      const wire = run.wire as unknown as Record<string, unknown>;
      delete wire.framedBytes;
      delete wire.ipBytes;
    }
    const file = join(dir, 'older.json');
    writeFileSync(file, JSON.stringify(older));
    const { code, stdout } = await runCli(['gate', '-b', file, '-c', base, '--all']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/new\s+large-workspace\s+reference\s+framedBytes\s+–\s+[\d,]+/);
    expect(stdout).not.toMatch(/NaN/);
  });

  it('passes the same change when the thresholds allow it', async () => {
    const thresholds = join(dir, 'loose.json');
    writeFileSync(thresholds, JSON.stringify({ tolerancePercent: 50 }));
    expect((await runCli(['gate', '-b', base, '-c', worse, '-t', thresholds])).code).toBe(0);
  });

  it('runs the baseline suite itself without --current, and the same code passes', async () => {
    const out = join(dir, 'now');
    const { code, stdout, stderr } = await runCli(['gate', '-b', base, '--out', out]);
    expect(stderr).toMatch(/large-workspace × reference/);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^gate: PASS/);
    expect(existsSync(join(out, 'results.json'))).toBe(true);
  }, 60_000);

  it('says which settings differ and exits 2 when results are not comparable', async () => {
    const other = join(dir, 'other.json');
    const doc = JSON.parse(readFileSync(base, 'utf8')) as ResultsDocument;
    writeFileSync(
      other,
      JSON.stringify({
        ...doc,
        meta: { ...doc.meta, seed: 4, compression: 'deflate', libraries: { reference: '9.9.9' } },
      }),
    );
    const { code, stdout } = await runCli(['gate', '-b', base, '-c', other]);
    expect(code).toBe(2);
    expect(stdout).toMatch(/NOT COMPARABLE/);
    expect(stdout).toMatch(/different seeds: baseline 3, current 4/);
    expect(stdout).toMatch(/different compression \(--compression\): baseline null, current "deflate"/);
    expect(stdout).toMatch(/different library versions: reference 0\.1\.0 in the baseline, 9\.9\.9 now/);
  });

  it.each([
    [
      'corrupt',
      '{"schemaVersion": 1, "runs": [',
      /^syncbench: results file .*corrupt\.json is not JSON: .*\n$/,
    ],
    [
      'foreign',
      '{"hello": "world"}',
      /^syncbench: results file .*foreign\.json is not a syncbench results document/,
    ],
  ])('a %s baseline is a one-line error with exit 64', async (name, text, message) => {
    const file = join(dir, `${name}.json`);
    writeFileSync(file, text);
    const { code, stderr } = await runCli(['gate', '-b', file, '-c', base]);
    expect(code).toBe(64);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a missing baseline is a one-line error unless --update-baseline creates it', async () => {
    const missing = join(dir, 'baselines', 'missing.json');
    const refused = await runCli(['gate', '-b', missing, '-c', base]);
    expect(refused.code).toBe(64);
    expect(refused.stderr).toMatch(
      /^syncbench: results file .*missing\.json cannot be read \(does it exist\?\)\n$/,
    );
    const created = await runCli(['gate', '-b', missing, '-c', worse, '--update-baseline']);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/figures: \d+ new/);
    expect(JSON.parse(readFileSync(missing, 'utf8'))).toEqual(JSON.parse(readFileSync(worse, 'utf8')));
    expect(readdirSync(join(dir, 'baselines'))).toEqual(['missing.json']); // no temporary file left
  });

  it('writes JSON verdicts and the figures for github-action-benchmark and bencher', async () => {
    const [json, action, bmf] = ['verdicts.json', 'action.json', 'bmf.json'].map((f) => join(dir, f)) as [
      string,
      string,
      string,
    ];
    await runCli([
      'gate',
      '-b',
      base,
      '-c',
      worse,
      '--json',
      json,
      '--github-benchmark',
      action,
      '--bmf',
      bmf,
    ]);
    const verdicts = JSON.parse(readFileSync(json, 'utf8')) as GateSummary;
    expect(verdicts.outcome).toBe('fail');
    expect(verdicts.verdicts?.figures.find((f) => f.metric === 'wireBytes')?.verdict).toBe('regressed');
    const entries = JSON.parse(readFileSync(action, 'utf8')) as {
      name: string;
      unit: string;
      value: number;
    }[];
    expect(entries.find((e) => e.name === 'large-workspace/reference/wireBytes')).toMatchObject({
      unit: 'bytes',
    });
    expect(entries.some((e) => e.name.endsWith('/converged'))).toBe(false); // not smaller-is-better
    const metrics = JSON.parse(readFileSync(bmf, 'utf8')) as Record<
      string,
      Record<string, { value: number }>
    >;
    expect(metrics['large-workspace/reference']?.['wire-bytes']?.value).toBeGreaterThan(0);
  });

  it.each([
    [['gate'], /required option '-b, --baseline <file>' not specified/],
    [['gate', '-b', 'x.json', '--format', 'xml'], /unknown format 'xml'; valid formats: table, md, json/],
  ])('usage error %j', async (args, message) => {
    const { code, stderr } = await runCli(args);
    expect(code).toBe(64);
    expect(stderr).toMatch(message);
  });
});
