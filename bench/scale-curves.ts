/**
 * How each engine's cost grows: one scenario at growing clients, records and ops, each step a
 * separate `syncbench run` (so each has a fresh worker process and its own peak memory), with
 * wall time, peak resident memory and framed bytes per step. Prints a table per dimension,
 * writes scale-curves.json, and draws one SVG chart per dimension and figure (log-log) into the
 * out directory, as docs/scale-curves.md shows them.
 *
 *   npm run bench:scale [-- engines=yjs,reference dimensions=clients,records,ops max=1000 limit=600 out=DIR]
 *   npm run bench:scale -- from=DIR/scale-curves.json out=DIR     # the tables and charts again, no runs
 *
 * `max` caps every dimension's largest step, `limit` (s) each step's wall time: a step that runs
 * longer is stopped and recorded as `timed out`, and the engine's larger steps of that dimension
 * are skipped. An engine that cannot run a step (RxDB's client limit) records it `unsupported`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ENGINE_NAMES } from '../adapters/registry.ts';
import { readableBytes, readableDuration } from '../src/readable.ts';
import { engineColour } from '../reports/engine-colours.ts';
import type { ResultsDocument } from '../src/results/results-document.ts';

const arg = (name: string, fallback: string): string =>
  process.argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1) ?? fallback;
const engines = arg('engines', ENGINE_NAMES.join(',')).split(',');
const dimensions = arg('dimensions', 'clients,records,ops').split(',') as Dimension[];
const max = Number(arg('max', '1000000'));
const limitS = Number(arg('limit', '600'));
const out = resolve(arg('out', 'scale-curves'));
const from = arg('from', '');

type Dimension = 'clients' | 'records' | 'ops';
const STEPS: Record<Dimension, number[]> = {
  clients: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
  records: [100, 1_000, 10_000, 100_000],
  ops: [10, 100, 1_000, 10_000],
};
const WHAT: Record<Dimension, string> = {
  clients: 'clients, each making 5 bursts of 4 edits over 10 minutes',
  records: 'records one client creates in batches of 500, which a second client receives',
  ops: 'edits per client (bursts of 4 over 10 minutes), two clients',
};

/** The JSON scenario of one step: wifi, a star, the workload's mix of record and text edits. */
function scenario(dimension: Dimension, n: number): object {
  const clients = dimension === 'clients' ? n : 2;
  const steps: object[] = [{ at: '0s', kind: 'phase', name: 'work' }];
  if (dimension === 'records')
    for (let first = 0; first < n; first += 500)
      steps.push({
        at: `${1 + first / 500}s`,
        kind: 'batch',
        replica: 'c1',
        ops: Array.from({ length: Math.min(500, n - first) }, (_, i) => ({
          kind: 'create',
          collection: 'tasks',
          id: `r${first + i}`,
          fields: { title: `task ${first + i}`, status: 'open', estimate: (first + i) % 8 },
        })),
      });
  else
    steps.push({
      kind: 'bursts',
      from: '0s',
      to: '10m',
      replicas: 'all',
      perClient: dimension === 'ops' ? Math.max(1, Math.round(n / 4)) : 5,
    });
  steps.push({ at: dimension === 'records' ? `${Math.ceil(n / 500) + 2}s` : '10m', kind: 'sample' });
  return {
    name: `scale-${dimension}-${n}`,
    description: `${n} ${WHAT[dimension]}`,
    topology: 'star',
    replicas: clients + 1,
    profile: 'wifi',
    schema: { collections: ['tasks'], texts: ['notes'] },
    workload: {
      weights: { create: 1, update: 4, delete: 0.5, textInsert: 3, textDelete: 1 },
      collection: 'tasks',
      textDoc: 'notes',
      hotPrefix: 'hot-',
    },
    steps,
    settleDeadline: '10m',
  };
}

interface Point {
  readonly engine: string;
  readonly dimension: Dimension;
  readonly n: number;
  readonly state: string;
  readonly wallMs?: number;
  readonly peakRssBytes?: number;
  readonly framedBytes?: number;
  readonly converged?: boolean;
  readonly reason?: string;
}

const bin = resolve('bin/syncbench.js');
const work = mkdtempSync(join(tmpdir(), 'syncbench-scale-'));
mkdirSync(out, { recursive: true });
const points: Point[] = from ? (JSON.parse(readFileSync(from, 'utf8')) as { points: Point[] }).points : [];
for (const dimension of from ? [] : dimensions) {
  for (const engine of engines) {
    for (const n of STEPS[dimension].filter((s) => s <= max)) {
      const file = join(work, `${dimension}-${n}.json`);
      writeFileSync(file, JSON.stringify(scenario(dimension, n)));
      const dir = join(work, `${engine}-${dimension}-${n}`);
      const run = spawnSync(
        process.execPath,
        [bin, 'run', file, '--engines', engine, '--jobs', '1', '--out', dir],
        {
          encoding: 'utf8',
          timeout: limitS * 1000,
          killSignal: 'SIGKILL',
          maxBuffer: 64 * 1024 * 1024,
        },
      );
      let point: Point;
      if (run.error || run.signal)
        point = { engine, dimension, n, state: 'timed out', reason: `over ${limitS} s` };
      else {
        const doc = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as ResultsDocument;
        const [result, timing] = [doc.runs[0]!, doc.timing.runs[0]];
        point = {
          engine,
          dimension,
          n,
          state: result.state,
          ...(timing
            ? { wallMs: Math.round(timing.wallMs), peakRssBytes: timing.peakRssBytes ?? undefined }
            : {}),
          ...(result.state === 'completed'
            ? { framedBytes: result.wire.framedBytes, converged: result.converged }
            : { reason: result.state === 'errored' ? result.error : result.reason }),
        };
      }
      points.push(point);
      console.error(
        `${engine} ${dimension}=${n}: ${point.state}${point.wallMs ? ` ${readableDuration(point.wallMs)}` : ''}${point.peakRssBytes ? `, ${readableBytes(point.peakRssBytes)} RSS` : ''}${point.framedBytes ? `, ${readableBytes(point.framedBytes)} framed` : ''}${point.reason ? ` (${point.reason.slice(0, 100)})` : ''}`,
      );
      writeFileSync(join(out, 'scale-curves.json'), `${JSON.stringify({ points }, null, 2)}\n`);
      if (point.state !== 'completed') break; // larger steps of this dimension would fare no better
    }
  }
}

for (const dimension of dimensions) {
  const of = points.filter((p) => p.dimension === dimension);
  console.log(`\n${dimension}: ${WHAT[dimension]}`);
  console.log(
    `${'engine'.padEnd(10)} ${dimension.padStart(8)} ${'wall'.padStart(9)} ${'peak RSS'.padStart(10)} ${'framed'.padStart(10)}  state`,
  );
  for (const p of of)
    console.log(
      `${p.engine.padEnd(10)} ${String(p.n).padStart(8)} ${(p.wallMs ? readableDuration(p.wallMs) : '–').padStart(9)} ${(p.peakRssBytes ? readableBytes(p.peakRssBytes) : '–').padStart(10)} ${(p.framedBytes ? readableBytes(p.framedBytes) : '–').padStart(10)}  ${p.state}${p.converged === false ? ' (not converged)' : ''}`,
    );
  for (const [figure, label] of [
    ['wallMs', 'wall time (ms)'],
    ['peakRssBytes', 'peak resident memory (bytes)'],
    ['framedBytes', 'framed bytes on the wire'],
  ] as const)
    writeFileSync(join(out, `scale-${dimension}-${figure}.svg`), svgChart(of, figure, `${dimension}`, label));
}
console.error(`\nwrote ${join(out, 'scale-curves.json')} and the charts beside it`);

/** A log-log line chart of one figure against one dimension, a line per engine. */
function svgChart(
  of: readonly Point[],
  figure: 'wallMs' | 'peakRssBytes' | 'framedBytes',
  x: string,
  y: string,
): string {
  const [w, h, left, right, top, bottom] = [640, 360, 70, 120, 20, 40];
  const pts = of.filter((p) => p.state === 'completed' && typeof p[figure] === 'number' && p[figure] > 0);
  if (pts.length === 0) return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"></svg>\n`;
  const lx = (v: number): number => Math.log10(v);
  const xs = pts.map((p) => lx(p.n));
  const ys = pts.map((p) => lx(p[figure]!));
  const [x0, x1] = [Math.floor(Math.min(...xs)), Math.ceil(Math.max(...xs, Math.min(...xs) + 1))];
  const [y0, y1] = [Math.floor(Math.min(...ys)), Math.ceil(Math.max(...ys, Math.min(...ys) + 1))];
  const px = (v: number): number => left + ((lx(v) - x0) / (x1 - x0)) * (w - left - right);
  const py = (v: number): number => h - bottom - ((lx(v) - y0) / (y1 - y0)) * (h - top - bottom);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif" font-size="11">`,
    `<rect width="${w}" height="${h}" fill="white"/>`,
  ];
  for (let e = x0; e <= x1; e++)
    parts.push(
      `<line x1="${px(10 ** e)}" x2="${px(10 ** e)}" y1="${top}" y2="${h - bottom}" stroke="#ddd"/>`,
      `<text x="${px(10 ** e)}" y="${h - bottom + 14}" text-anchor="middle">${(10 ** e).toLocaleString('en-US')}</text>`,
    );
  for (let e = y0; e <= y1; e++)
    parts.push(
      `<line x1="${left}" x2="${w - right}" y1="${py(10 ** e)}" y2="${py(10 ** e)}" stroke="#ddd"/>`,
      `<text x="${left - 6}" y="${py(10 ** e) + 4}" text-anchor="end">${figure === 'wallMs' ? readableDuration(10 ** e) : readableBytes(10 ** e)}</text>`,
    );
  parts.push(
    `<text x="${(left + w - right) / 2}" y="${h - 6}" text-anchor="middle">${x} (log)</text>`,
    `<text x="12" y="${(top + h - bottom) / 2}" text-anchor="middle" transform="rotate(-90 12 ${(top + h - bottom) / 2})">${y} (log)</text>`,
  );
  [...new Set(pts.map((p) => p.engine))].forEach((engine, i) => {
    const line = pts.filter((p) => p.engine === engine).sort((a, b) => a.n - b.n);
    const colour = engineColour(engine);
    parts.push(
      `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${line.map((p) => `${px(p.n).toFixed(1)},${py(p[figure]!).toFixed(1)}`).join(' ')}"/>`,
      ...line.map(
        (p) =>
          `<circle cx="${px(p.n).toFixed(1)}" cy="${py(p[figure]!).toFixed(1)}" r="3" fill="${colour}"/>`,
      ),
      `<rect x="${w - right + 12}" y="${top + i * 18}" width="10" height="10" fill="${colour}"/>`,
      `<text x="${w - right + 26}" y="${top + i * 18 + 9}">${engine}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
