/* global process, console */
// Runs the shell steps of a GitHub Actions workflow file here, in order: each job's `run:` steps,
// once per value of its `matrix`, with the workflow's `env`. So the workflow the docs give
// (docs/workflows/sharded-gate.yml) is tested by running its commands, not only read. What only
// GitHub does is skipped and said so: `uses:` steps (checkout, setup-node; artifacts, which in one
// workspace are the files themselves) and `npm ci` (.ci/run has installed already).
//
//   node .ci/run-workflow.mjs docs/workflows/sharded-gate.yml
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const file = process.argv[2];
if (!file) {
  console.error('usage: run-workflow.mjs WORKFLOW.yml');
  process.exit(64);
}
const lines = readFileSync(file, 'utf8').split('\n');
const indent = (line) => line.length - line.trimStart().length;

/** The workflow's top-level env, jobs (in order), each job's matrix and steps. */
const env = {};
const jobs = [];
let section;
for (let i = 0; i < lines.length; i++) {
  const line = lines[i];
  if (!line.trim() || line.trim().startsWith('#')) continue;
  if (indent(line) === 0) {
    section = line.replace(/:.*/, '');
    continue;
  }
  if (section === 'env' && indent(line) === 2) {
    const [key, ...value] = line.trim().split(':');
    env[key] = value.join(':').trim();
  }
  if (section !== 'jobs') continue;
  if (indent(line) === 2) jobs.push({ name: line.trim().replace(/:$/, ''), matrix: {}, steps: [] });
  const job = jobs.at(-1);
  const matrix = /^\s+(\w+): \[(.*)\]$/.exec(line);
  if (
    matrix &&
    lines
      .slice(0, i)
      .reverse()
      .find((l) => /^\s+matrix:$/.test(l))
  )
    job.matrix[matrix[1]] = matrix[2].split(',').map((v) => v.trim());
  if (/^\s+- (name|uses): /.test(line)) job.steps.push({ uses: /- uses: (.*)/.exec(line)?.[1] });
  const run = /^(\s+)run: (.*)$/.exec(line);
  if (run) {
    let script = run[2];
    if (script === '|') {
      const body = [];
      while (i + 1 < lines.length && (indent(lines[i + 1]) > run[1].length || !lines[i + 1].trim()))
        body.push(lines[++i].slice(run[1].length + 2));
      script = body.join('\n');
    }
    job.steps.at(-1).run = script;
  }
}

const summary = join(mkdtempSync(join(tmpdir(), 'workflow-')), 'step-summary.md');
for (const job of jobs) {
  const [key, values] = Object.entries(job.matrix)[0] ?? [undefined, [undefined]];
  for (const value of values) {
    const label = key ? `${job.name} (${key} ${value})` : job.name;
    for (const step of job.steps) {
      if (!step.run) {
        console.log(`[${label}] skipped: uses ${step.uses} (GitHub's)`);
        continue;
      }
      if (step.run.trim() === 'npm ci') {
        console.log(`[${label}] skipped: npm ci (installed already)`);
        continue;
      }
      const script = step.run.replace(/\$\{\{\s*matrix\.(\w+)\s*\}\}/g, (_, k) => (k === key ? value : ''));
      if (/\$\{\{/.test(script)) throw new Error(`unsupported expression in: ${script}`);
      console.log(`[${label}] $ ${script}`);
      execFileSync('bash', ['-eo', 'pipefail', '-c', script], {
        stdio: 'inherit',
        env: { ...process.env, ...env, GITHUB_STEP_SUMMARY: summary },
      });
    }
  }
}
console.log(`workflow ${file}: every run step passed`);
