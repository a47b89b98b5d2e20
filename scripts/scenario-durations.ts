/**
 * The wall time of each scenario over every engine, from the results.json of a suite run (one
 * scale per file), as `scenarios/measured-durations.ts` records it:
 *
 *   npx syncbench run --scale ci --out ci && npx syncbench run --out default
 *   npx tsx scripts/scenario-durations.ts ci/results.json default/results.json
 *
 * Prints, per scale, each scenario's total and its slowest engine, then the `MEASURED_RUNS` blocks
 * to paste (the scenario totals follow from them).
 */
import { readFileSync } from 'node:fs';
import type { ResultsDocument } from '../src/results/results-document.ts';
import { readableDuration } from '../src/readable.ts';

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
