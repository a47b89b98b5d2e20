/* global process, console */
// Checks that two results.json files hold the same results: every run identical, and the same
// header apart from the command line (a merge of shards against the unsharded run, or a suite on
// one worker against one on several). Timing may differ; nothing else may.
//
//   node .ci/same-results.mjs a/results.json b/results.json
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';

const [a, b] = process.argv.slice(2).map((file) => ({ file, doc: JSON.parse(readFileSync(file, 'utf8')) }));
if (!a || !b) {
  console.error('usage: same-results.mjs A.json B.json');
  process.exit(64);
}
const header = ({ doc }) => {
  const meta = { ...doc.meta };
  delete meta.command;
  return { schemaVersion: doc.schemaVersion, tool: doc.tool, meta, complete: doc.complete };
};
const problems = [];
if (!isDeepStrictEqual(header(a), header(b)))
  problems.push(`headers differ: ${JSON.stringify(header(a))} vs ${JSON.stringify(header(b))}`);
const key = (r) => `${r.scenario} × ${r.engine}`;
if (a.doc.runs.map(key).join('\n') !== b.doc.runs.map(key).join('\n'))
  problems.push(
    `different runs or order: ${a.doc.runs.map(key).join(', ')} vs ${b.doc.runs.map(key).join(', ')}`,
  );
else
  a.doc.runs.forEach((run, i) => {
    if (!isDeepStrictEqual(run, b.doc.runs[i])) problems.push(`${key(run)} differs`);
  });
if (problems.length > 0) {
  console.error(`${a.file} and ${b.file} do not hold the same results:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`${a.file} and ${b.file}: the same ${a.doc.runs.length} runs`);
