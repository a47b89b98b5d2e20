// Bad input is refused with one line naming what is wrong and the exit code that says whose it is
// (64 usage, 73 an output that cannot be written), before any work starts, and never with a stack.
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './fake-process.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/** A small results.json to feed commands that read one. */
async function someResults(dir: string): Promise<string> {
  const { code, stderr } = await runCli(
    ['run', 'concurrent-edits', '--engines', 'reference', '--scale', 'ci', '--out', 'made'],
    dir,
  );
  expect(code, stderr).toBe(0);
  return join(dir, 'made', 'results.json');
}

const run = ['run', 'concurrent-edits', '--engines', 'reference', '--scale', 'ci'];

describe('bad input', () => {
  const cases: [string, (dir: string, results: string) => string[], number, RegExp][] = [
    [
      '--out is a file',
      () => [...run, '--out', 'a-file'],
      73,
      /^syncbench: cannot write the --out directory .*a-file: it is a file, not a directory$/,
    ],
    [
      '--out under a file',
      () => [...run, '--out', 'a-file/sub'],
      73,
      /^syncbench: cannot write the --out directory .*a-file\/sub: a part of the path is a file, not a directory$/,
    ],
    [
      '--out on a pseudo-filesystem',
      () => [...run, '--out', '/proc/x'],
      73,
      /^syncbench: cannot write the --out directory \/proc\/x: it is on a pseudo-filesystem \(proc\)$/,
    ],
    [
      'bench --out on a pseudo-filesystem (mkdir -p there never returns)',
      () => ['bench', '--engines', 'reference', '--scale', 'ci', '--samples', '2', '--out', '/proc/b'],
      73,
      /^syncbench: cannot write the --out directory \/proc\/b: it is on a pseudo-filesystem \(proc\)$/,
    ],
    [
      'fuzz --out on a pseudo-filesystem',
      () => ['fuzz', '--engines', 'reference', '--runs', '2', '--out', '/proc/f'],
      73,
      /^syncbench: cannot write the --out directory \/proc\/f: it is on a pseudo-filesystem \(proc\)$/,
    ],
    [
      'report -o under a pseudo-filesystem',
      (_d, results) => ['report', results, '-o', '/proc/x/y.html'],
      73,
      /^syncbench: cannot write the file \/proc\/x\/y\.html: it is on a pseudo-filesystem \(proc\)$/,
    ],
    [
      'gate running the suite into a pseudo-filesystem',
      (_d, results) => ['gate', '--baseline', results, '--out', '/proc/g'],
      73,
      /^syncbench: cannot write the --out directory \/proc\/g: it is on a pseudo-filesystem \(proc\)$/,
    ],
    [
      'report -o a directory',
      (_d, results) => ['report', results, '-o', 'a-dir'],
      73,
      /^syncbench: cannot write the file .*a-dir: it is a directory, not a file$/,
    ],
    [
      'run a directory named .json',
      () => ['run', './a-dir.json', '--engines', 'reference', '--scale', 'ci'],
      64,
      /^syncbench: scenario file \.\/a-dir\.json is a directory, not a JSON scenario$/,
    ],
    [
      'replay a results file',
      (_d, results) => ['replay', results, '--engines', 'reference', '--seed', '1'],
      64,
      /^syncbench: replay file .*results\.json is a results file \(from syncbench run\); replay takes a fuzz case or a JSON scenario/,
    ],
    [
      'fuzz an engine over a transport it lacks',
      () => ['fuzz', '--engines', 'pouchdb', '--transport', 'datagram', '--runs', '3'],
      64,
      /^syncbench: nothing to fuzz: no engine of pouchdb runs over --transport datagram \(they run over stream\)$/,
    ],
    [
      'fuzz --path that is not one',
      () => ['fuzz', '--engines', 'reference', '--path', 'not:a:path', '--runs', '2'],
      64,
      /^syncbench: --path must be a fast-check path as a failing search prints it/,
    ],
    [
      'a JSON scenario with misspelt keys',
      () => ['run', './misspelt.json', '--engines', 'reference', '--scale', 'ci'],
      64,
      /^syncbench: scenario file \.\/misspelt\.json: 3 problems: unknown key settleDeadlne \(did you mean "settleDeadline"\?\); unknown key scales\.ci\.replicsa \(did you mean "replicas"\?\); unknown scale scales\.cii \(did you mean "ci"\?\) \(a scenario file has name, /,
    ],
    [
      'a JSON scenario of a billion replicas',
      () => ['run', './huge.json', '--engines', 'reference', '--scale', 'ci'],
      64,
      /^syncbench: scenario file \.\/huge\.json: scales\.ci\.replicas must be at most 1,000, got 1,000,000,000$/,
    ],
    [
      'a JSON scenario with a problem in every part: all of them in one line',
      () => ['run', './many.json', '--engines', 'reference', '--scale', 'ci'],
      64,
      /^syncbench: scenario file \.\/many\.json: 4 problems: unknown key settleDeadlne \(did you mean "settleDeadline"\?\) \(a scenario file has .*\); scales\.ci\.replicas must be at most 1,000, got 1,000,000,000; steps\[2\]\.kind must be one of phase, .*, got explode; steps\[3\]\.fault\.kind must be one of .*, got melt$/,
    ],
    [
      'a JSON scenario whose schema migrations are malformed',
      () => ['run', './migrations.json', '--engines', 'reference', '--scale', 'ci'],
      64,
      /^syncbench: scenario file \.\/migrations\.json: 4 problems: schema\.migrations\[0\]\.version must be a whole number above 1, got 1; schema\.migrations\[0\]\.lens\.to must be a non-empty string, got nothing; unknown key schema\.migrations\[1\]\.lenses \(did you mean "lens"\?\); schema\.migrations\[1\]\.lens must be a lens of kind addField or renameField, got nothing$/,
    ],
    [
      'report of a results file whose runs have no wire figures',
      () => ['report', 'null-wire.json', '-o', 'r.html'],
      64,
      /^syncbench: results file null-wire\.json: runs\[0\]\.wire must be an object, got null$/,
    ],
    [
      'an engine module that does not compile',
      () => ['run', 'concurrent-edits', '--engines', './broken-engine.ts', '--scale', 'ci'],
      64,
      // tsx's esbuild names a TransformError; under vitest its own transformer compiles the module.
      /^syncbench: engine module \.\/broken-engine\.ts failed to load: \w*Error: Transform failed with 1 error: .*broken-engine\.ts:1:\d+/,
    ],
    [
      'gate with its baseline inside --out',
      () => ['gate', '--baseline', 'syncbench-out/results.json'],
      64,
      /^syncbench: the baseline syncbench-out\/results\.json is inside --out syncbench-out, where the suite run now would write its results over it/,
    ],
  ];

  it.each(cases)(
    '%s',
    async (_name, argv, exit, firstLine) => {
      const dir = tempDir('syncbench-bad-');
      const results = await someResults(dir);
      writeFileSync(join(dir, 'a-file'), 'not a directory\n');
      mkdirSync(join(dir, 'a-dir'));
      mkdirSync(join(dir, 'a-dir.json'));
      mkdirSync(join(dir, 'syncbench-out'));
      copyFileSync(results, join(dir, 'syncbench-out', 'results.json'));
      const example = JSON.parse(
        readFileSync(join(process.cwd(), 'examples', 'two-teams.json'), 'utf8'),
      ) as Record<string, unknown>;
      const write = (name: string, scenario: Record<string, unknown>): void =>
        writeFileSync(join(dir, name), JSON.stringify(scenario));
      write('misspelt.json', { ...example, settleDeadlne: '1m', scales: { ci: { replicsa: 2 }, cii: {} } });
      write('huge.json', { ...example, scales: { ci: { replicas: 1e9 } } });
      const [first, second] = example.steps as unknown[];
      write('many.json', {
        ...example,
        settleDeadlne: '1m',
        scales: { ci: { replicas: 1e9 } },
        steps: [
          first,
          second,
          { at: '1s', kind: 'explode' },
          { at: '2s', kind: 'fault', fault: { kind: 'melt' } },
        ],
      });
      const schema = example.schema as Record<string, unknown>;
      write('migrations.json', {
        ...example,
        schema: {
          ...schema,
          migrations: [
            { version: 1, lens: { kind: 'renameField', from: 'title' } },
            { version: 2, lenses: [] },
          ],
        },
      });
      const made = JSON.parse(readFileSync(results, 'utf8')) as { runs: Record<string, unknown>[] };
      write('null-wire.json', { ...made, runs: made.runs.map((r) => ({ ...r, wire: null })) });
      writeFileSync(join(dir, 'broken-engine.ts'), 'export default {{{ broken\n');
      const { code, stderr } = await runCli(argv(dir, results), dir);
      expect(code, stderr).toBe(exit);
      expect(stderr.split('\n')[0]).toMatch(firstLine);
      expect(stderr).not.toMatch(/internal error|\n\s+at /);
      expect(readdirSync(join(dir, 'a-dir'))).toEqual([]); // no temporary file left behind
    },
    60_000,
  );
});
