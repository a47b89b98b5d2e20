/* global process, console */
// Checks a results.json from the CI matrix: every run completed or is unsupported with a reason,
// none errored, and the only failed runs are the known findings listed in .ci/known-failures
// (one `scenario engine` per line, with why after a #). A new failure, or a known one that now
// passes, fails CI: either is news docs/findings.md must follow.
import { readFileSync } from 'node:fs';

const [resultsPath, knownPath] = process.argv.slice(2);
const { runs } = JSON.parse(readFileSync(resultsPath, 'utf8'));
const known = new Set(
  readFileSync(knownPath, 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter(Boolean),
);
const problems = [];
const failed = new Set();
for (const run of runs) {
  const key = `${run.scenario} ${run.engine}`;
  if (run.state === 'errored') problems.push(`${key}: errored: ${run.error}`);
  else if (run.state === 'unsupported' && !run.reason) problems.push(`${key}: unsupported without a reason`);
  else if (run.state === 'completed') {
    const lost = run.lostInserts - run.lostInsertsAllowed;
    if (!run.converged || lost > 0 || run.checks.some((c) => !c.passed)) failed.add(key);
  }
}
for (const key of failed) if (!known.has(key)) problems.push(`${key}: failed, and is not a known finding`);
for (const key of known) if (!failed.has(key)) problems.push(`${key}: listed as a known failure but passed`);
const counts = runs.reduce((n, r) => ({ ...n, [r.state]: (n[r.state] ?? 0) + 1 }), {});
console.log(`runs: ${JSON.stringify(counts)}; known failures: ${[...failed].join(', ') || 'none'}`);
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
