/**
 * The wall time of each scenario over every engine, from the results.json of a suite run (one
 * scale per file), as `scenarios/measured-durations.ts` records it:
 *
 *   npx syncbench run --scale ci --out ci && npx syncbench run --out default
 *   npx tsx scripts/scenario-durations.ts ci/results.json default/results.json
 *
 * Prints, per scale, each scenario's total and its slowest engine, then the `MEASURED_RUNS` blocks
 * to paste (the scenario totals follow from them), then each file's outcomes as a Markdown table
 * (scenario × engine: wall time and peak resident memory, or why the run did not complete), as
 * the docs show the large scale's.
 */
import { readFileSync } from 'node:fs';
import type { ResultsDocument } from '../src/results/results-document.ts';
import { readableBytes, readableDuration } from '../src/readable.ts';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: scenario-durations RESULTS.json...');
  process.exit(64);
}
for (const file of files) {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as ResultsDocument;
  const scale = doc.meta.scale;
  console.log(
    `${file}: scale ${scale}, ${doc.meta.engines.length} engines, ${doc.timing.machine.cpus} × ${doc.timing.machine.cpuModel}, suite ${readableDuration(doc.timing.wallMs)}${doc.complete === false ? ' (INCOMPLETE)' : ''}`,
  );
  for (const scenario of doc.meta.scenarios) {
    const runs = doc.timing.runs.filter((t) => t.scenario === scenario);
    const total = runs.reduce((n, t) => n + t.wallMs, 0);
    const slowest = [...runs].sort((a, b) => b.wallMs - a.wallMs)[0];
    console.log(
      `  ${scenario.padEnd(18)} ${readableDuration(total).padStart(9)}   slowest ${slowest?.engine ?? '–'} ${slowest ? readableDuration(slowest.wallMs) : ''}`,
    );
  }
}
// The MEASURED_RUNS block of each scale: every run's wall ms, rounded to 100 ms.
const number = (ms: number): string =>
  (Math.round(ms / 100) * 100).toLocaleString('en-US').replace(/,/g, '_');
for (const file of files) {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as ResultsDocument;
  console.log(`\nMEASURED_RUNS.${doc.meta.scale}:`);
  for (const scenario of doc.meta.scenarios) {
    const runs = doc.timing.runs.filter((t) => t.scenario === scenario);
    console.log(`    '${scenario}': { ${runs.map((t) => `${t.engine}: ${number(t.wallMs)}`).join(', ')} },`);
  }
}

// Each file's outcomes, scenario × engine, as Markdown.
for (const file of files) {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as ResultsDocument;
  const engines = doc.meta.engines;
  console.log(`\n${file} (scale ${doc.meta.scale}, suite ${readableDuration(doc.timing.wallMs)}):\n`);
  console.log(`| scenario | ${engines.join(' | ')} |`);
  console.log(`| --- | ${engines.map(() => '---').join(' | ')} |`);
  for (const scenario of doc.meta.scenarios) {
    const cells = engines.map((engine) => {
      const result = doc.runs.find((r) => r.scenario === scenario && r.engine === engine);
      const timing = doc.timing.runs.find((t) => t.scenario === scenario && t.engine === engine);
      if (!result) return 'not run';
      if (result.state === 'unsupported') return 'unsupported';
      const took = timing ? readableDuration(timing.wallMs) : '?';
      if (result.state === 'errored') {
        const stopped = /stopped at (\d+)% of its timeline/.exec(result.error);
        const memory = /(\d[\d.]* [kMG]B) resident at most/.exec(result.error);
        if (stopped) return `stopped at ${took} (${stopped[1]} %${memory ? `, ${memory[1]}` : ''})`;
        return `errored after ${took}: ${result.error.slice(0, 60)}`;
      }
      const rss = timing?.peakRssBytes;
      const converged = result.converged ? '' : ', NOT CONVERGED';
      return `${took}${rss ? `, ${readableBytes(rss)}` : ''}${converged}`;
    });
    console.log(`| ${scenario} | ${cells.join(' | ')} |`);
  }
}
