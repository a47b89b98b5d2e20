// The assertion most engine tests start with: the run completed. Otherwise the test fails with
// what happened instead (the error and its stack, or the unsupported reason) and the replay command.
import type { CompletedRun, RunResult } from '../../src/runner/result.ts';

export function expectCompleted(result: RunResult | undefined): asserts result is CompletedRun {
  if (result === undefined) throw new Error('no run result');
  if (result.state === 'completed') return;
  const why = result.state === 'errored' ? `${result.error}\n${result.stack}` : result.reason;
  throw new Error(`${result.scenario} × ${result.engine} ${result.state} (${result.replay}): ${why}`);
}
