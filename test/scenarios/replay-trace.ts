/** Test helper: replays an editing trace with `editing-trace` at ci scale and returns the completed run. */
import type { SyncAdapter } from '../../src/contract/contract.ts';
import { editingTrace } from '../../scenarios/editing-trace.ts';
import type { EditingTrace } from '../../src/scenario/traces/editing-trace.ts';
import type { CompletedRun } from '../../src/runner/result.ts';
import { runScenario } from '../../src/runner/run-scenario.ts';
import { expectCompleted } from '../helpers/completed-run.ts';

export async function replayTrace(adapter: SyncAdapter, trace: EditingTrace): Promise<CompletedRun> {
  const { result } = await runScenario({
    scenario: editingTrace,
    adapter,
    seed: 1,
    scale: 'ci',
    replay: 'test',
    inputs: { trace },
  });
  expectCompleted(result);
  return result;
}
