/**
 * The wall time of each scenario over every engine, from the results.json of a suite run (one
 * scale per file), as `scenarios/measured-durations.ts` records it:
 *
 *   npx syncbench run --scale ci --out ci && npx syncbench run --out default
 *   npx tsx scripts/scenario-durations.ts ci/results.json default/results.json
 *
 * Prints, per scale, each scenario's total and its slowest engine, then the entries to paste.
 */
import { readFileSync } from 'node:fs';
import type { ResultsDocument } from '../src/results/results-document.ts';
import { readableDuration } from '../reports/readable.ts';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: scenario-durations RESULTS.json...');
  process.exit(64);
}
const entries = new Map<string, Record<string, number>>();
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
    entries.set(scenario, { ...entries.get(scenario), [scale]: Math.round(total / 100) * 100 });
  }
}
console.log('\nentries:');
for (const [scenario, byScale] of entries)
  console.log(
    `  '${scenario}': { ${Object.entries(byScale)
      .map(([s, ms]) => `${s}: ${ms.toLocaleString('en-US').replace(/,/g, '_')}`)
      .join(', ')} },`,
  );
