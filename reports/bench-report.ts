/**
 * The timing benchmarks of `syncbench bench` in reports: a bar chart of each primitive's mean per
 * engine (log scale: primitives differ by orders of magnitude) and the statistics as a table.
 */
import type { BenchResults, BenchTask } from '../src/bench/bench-result.ts';
import { PRIMITIVES } from '../src/bench/bench-result.ts';
import type { ChartSpec } from './chart-builders.ts';
import { FIXED_SIZE, valueAxis } from './chart-builders.ts';
import { engineColour } from './engine-colours.ts';

export const BENCH_COLUMNS = [
  'engine',
  'primitive',
  'mean ms',
  'p50 ms',
  'p99 ms',
  'sd ms',
  'rme %',
  'samples',
] as const;

const round = (ms: number): number => Number(ms.toPrecision(4));

/** One table row per task: the statistics, or the state and reason. */
export function benchRows(bench: BenchResults): (string | number)[][] {
  return bench.tasks.map((t: BenchTask) =>
    t.state === 'measured'
      ? [
          t.engine,
          t.primitive,
          round(t.stats.meanMs),
          round(t.stats.p50Ms),
          round(t.stats.p99Ms),
          round(t.stats.sdMs),
          Number(t.stats.rmePercent.toFixed(1)),
          t.stats.samples,
        ]
      : [t.engine, t.primitive, `${t.state}: ${t.reason}`, '', '', '', '', ''],
  );
}

export function benchChart(bench: BenchResults, id: string): ChartSpec {
  const engines = [...new Set(bench.tasks.map((t) => t.engine))];
  const primitives = PRIMITIVES.filter((p) => bench.tasks.some((t) => t.primitive === p));
  const mean = (engine: string, primitive: string): number | null => {
    const task = bench.tasks.find((t) => t.engine === engine && t.primitive === primitive);
    return task?.state === 'measured' ? round(task.stats.meanMs) : null;
  };
  return {
    id,
    title: `Primitives: mean wall ms (${bench.workload.records} records, ${bench.workload.textChars} characters of text)`,
    config: {
      type: 'bar',
      data: {
        labels: primitives,
        datasets: engines.map((engine) => ({
          label: engine,
          data: primitives.map((p) => mean(engine, p)),
          backgroundColor: engineColour(engine),
          borderColor: engineColour(engine),
        })),
      },
      options: {
        ...FIXED_SIZE,
        scales: {
          y: valueAxis(
            'mean wall time',
            'ms',
            engines.flatMap((e) => primitives.map((p) => mean(e, p))),
          ),
        },
      },
    },
    table: { columns: BENCH_COLUMNS, rows: benchRows(bench) },
  };
}
