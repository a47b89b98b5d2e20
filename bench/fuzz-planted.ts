/**
 * The fuzzer against engines with one planted bug each (test/fuzz/buggy-engine.ts): for each bug,
 * the search of test/fuzz/fuzz.test.ts, how many cases it took to find, the property that failed,
 * and the size before and after shrinking; then the fixed twin on every one of those searches.
 *
 *   npm run bench:fuzz-planted [-- runs=300]
 */
import { performance } from 'node:perf_hooks';
import { caseSize } from '../src/fuzz/fuzz-case.ts';
import { fuzzEngine } from '../src/fuzz/run-fuzz.ts';
import { deltaEngine } from '../test/fuzz/buggy-engine.ts';
import { PLANTED, twinOf } from '../test/fuzz/planted-searches.ts';
import { textTable } from '../reports/text-table.ts';

const runsArg = process.argv.find((a) => a.startsWith('runs='));
const runs = runsArg ? Number(runsArg.slice(5)) : 300;
const rows: string[][] = [];
for (const [bug, options] of PLANTED) {
  const planted = { ...options, runs };
  for (const engine of [bug, twinOf(bug)]) {
    const started = performance.now();
    const result = await fuzzEngine(deltaEngine(engine), planted);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (result.state === 'unsupported') continue;
    const f = result.failure;
    const size = (c: Parameters<typeof caseSize>[0]): string => {
      const s = caseSize(c);
      return `${s.clients}c ${s.ops}e ${s.faults}f`;
    };
    rows.push([
      engine === bug ? bug : `${engine ?? 'fixed'} (${bug} search)`,
      String(result.cases),
      f ? f.verdict.property : 'passed',
      f ? size(f.original) : '',
      f ? size(f.shrunk) : '',
      seconds,
    ]);
  }
}
process.stdout.write(
  textTable(['engine', 'cases', 'result', 'found as', 'shrunk to', 'wall s'], rows, 1) + '\n',
);
