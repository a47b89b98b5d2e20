/**
 * Times every engine's primitives with tinybench: one rig per engine holding the standard
 * workload, one tinybench task per primitive (warm-up first), statistics as numbers. An engine
 * that cannot hold the workload gets `unsupported` tasks with the reason; one that fails gets
 * `errored` tasks with the error, and the other engines still run.
 */
import { Bench } from 'tinybench';
import type { OpKind, SyncAdapter } from '../contract/contract.ts';
import type {
  BenchResults,
  BenchStats,
  BenchTask,
  BenchWorkload,
  Primitive,
  SamplePlan,
} from './bench-result.ts';
import { PRIMITIVES } from './bench-result.ts';
import { BenchRig } from './bench-rig.ts';
import { checkAgreement, PRIMITIVE_TASKS } from './primitives.ts';

export interface BenchOptions {
  readonly workload: BenchWorkload;
  /** Samples and warm-up iterations of each primitive. */
  readonly plan: SamplePlan;
  readonly primitives?: readonly Primitive[];
  /** Called as each task starts and ends. */
  readonly onTask?: (event: { engine: string; primitive: Primitive; done?: BenchTask }) => void;
}

const NEEDED_OPS: readonly OpKind[] = ['create', 'update', 'textInsert', 'textDelete'];

function unsupportedReason(adapter: SyncAdapter): string | undefined {
  const caps = adapter.capabilities;
  if (!caps.topologies.includes('star'))
    return `${adapter.name} has no client/server topology (the bench runs a server and two clients)`;
  const lacking = NEEDED_OPS.filter((k) => !caps.ops.includes(k));
  if (lacking.length) return `${adapter.name} does not support op kinds: ${lacking.join(', ')}`;
  return undefined;
}

async function timePrimitive(
  rig: BenchRig,
  primitive: Primitive,
  options: BenchOptions,
): Promise<BenchStats> {
  // No time budget: exactly the planned iterations, so every run does the same work.
  const bench = new Bench({
    time: 0,
    iterations: options.plan.samples[primitive],
    warmupTime: 0,
    warmupIterations: options.plan.warmup[primitive],
    warmup: options.plan.warmup[primitive] > 0,
    throws: true,
  });
  bench.add(primitive, PRIMITIVE_TASKS[primitive](rig));
  const [task] = await bench.run();
  const result = task?.result;
  if (!result || !('latency' in result)) throw new Error(`tinybench gave no statistics for ${primitive}`);
  checkAgreement(rig, primitive);
  const l = result.latency;
  return {
    meanMs: l.mean,
    p50Ms: l.p50,
    p99Ms: l.p99,
    sdMs: l.sd,
    minMs: l.min,
    maxMs: l.max,
    rmePercent: l.rme,
    samples: l.samplesCount,
  };
}

async function benchEngine(adapter: SyncAdapter, options: BenchOptions): Promise<BenchTask[]> {
  const primitives = options.primitives ?? PRIMITIVES;
  const engine = adapter.name;
  const unsupported = unsupportedReason(adapter);
  if (unsupported)
    return primitives.map((primitive) => ({ engine, primitive, state: 'unsupported', reason: unsupported }));
  let rig: BenchRig;
  try {
    rig = await BenchRig.open(adapter, options.workload);
  } catch (error) {
    const reason = `the workload could not be set up: ${(error as Error).message}`;
    return primitives.map((primitive) => ({ engine, primitive, state: 'errored', reason }));
  }
  const tasks: BenchTask[] = [];
  try {
    for (const primitive of primitives) {
      options.onTask?.({ engine, primitive });
      let task: BenchTask;
      try {
        task = { engine, primitive, state: 'measured', stats: await timePrimitive(rig, primitive, options) };
      } catch (error) {
        task = { engine, primitive, state: 'errored', reason: (error as Error).message };
      }
      tasks.push(task);
      options.onTask?.({ engine, primitive, done: task });
    }
  } finally {
    await rig.close().catch(() => {});
  }
  return tasks;
}

/** Times every primitive of every engine, one engine after another. */
export async function runBench(
  adapters: readonly SyncAdapter[],
  options: BenchOptions,
): Promise<BenchResults> {
  const tasks: BenchTask[] = [];
  for (const adapter of adapters) tasks.push(...(await benchEngine(adapter, options)));
  return {
    workload: options.workload,
    plan: options.plan,
    tasks,
  };
}
