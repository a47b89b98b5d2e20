/* global process, console */
// Checks a results.json from the CI matrix (`syncbench run --scale ci`, which exits 0 only when
// every failed run is a known finding): every run completed or is unsupported with a reason, none
// errored, every failed run is a known finding of adapters/known-findings.ts, and no known finding
// has stopped reproducing. Either change is news docs/findings.md and the registry must follow.
import { readFileSync } from 'node:fs';

const [resultsPath] = process.argv.slice(2);
const { runs } = JSON.parse(readFileSync(resultsPath, 'utf8'));
const problems = [];
const known = [];
for (const run of runs) {
  const key = `${run.scenario} × ${run.engine}`;
  if (run.state === 'errored') problems.push(`${key}: errored: ${run.error}`);
  else if (run.state === 'unsupported' && !run.reason) problems.push(`${key}: unsupported without a reason`);
  else if (run.state === 'completed') {
    const lost = run.lostInserts - run.lostInsertsAllowed;
    const failed = !run.converged || lost > 0 || run.checks.some((c) => !c.passed);
    if (run.knownFinding?.reproduced === false)
      problems.push(`${key}: known finding ${run.knownFinding.id} no longer reproduces`);
    else if (failed && !run.knownFinding) problems.push(`${key}: failed, and is not a known finding`);
    else if (failed) known.push(`${key} (${run.knownFinding.id})`);
  }
}
const counts = runs.reduce((n, r) => ({ ...n, [r.state]: (n[r.state] ?? 0) + 1 }), {});
console.log(`runs: ${JSON.stringify(counts)}; known findings: ${known.join(', ') || 'none'}`);
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
