/**
 * Where an async engine runs: on the virtual runtime (its library's timers, clock and random ids
 * driven by the simulator and the seed), with unhandled rejections in its code listed among the
 * run's errors.
 */
import { randomStream } from '../sim/prng.ts';
import { enterVirtualRuntime } from '../sim/virtual-runtime.ts';
import type { Stopwatch } from '../timing/stopwatch.ts';
import type { RunContext } from './run-context.ts';

/**
 * An async engine runs on the virtual runtime, and a promise its library leaves rejected with no
 * handler is listed among the run's errors instead of ending the process (Node's default).
 */
export function enterAsyncEngineScope(
  run: Pick<RunContext, 'sim' | 'recordError'>,
  seed: number,
  stopwatch: Stopwatch,
  clockAfterEarlierRuns = false,
): () => void {
  const leave = enterVirtualRuntime({
    sim: run.sim,
    random: randomStream(seed, 'runtime'),
    wrap: (fire) => stopwatch.engine(fire),
    clockAfterEarlierRuns,
  });
  const unhandled = (reason: unknown): void =>
    run.recordError(
      `unhandled rejection in engine code: ${reason instanceof Error ? reason.message : String(reason)}`,
    );
  process.on('unhandledRejection', unhandled);
  return () => {
    process.off('unhandledRejection', unhandled);
    leave();
  };
}
