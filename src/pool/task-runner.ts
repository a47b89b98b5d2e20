/**
 * Runs the tasks of a suite in this process: loads each scenario and engine by its argument
 * once, the trace once, and runs one task after another. A run worker uses one; so does a suite
 * run without workers (tests, the gate's own suite), so both run the same code.
 */
import type { LoadedEngine } from '../../adapters/load-engine.ts';
import { loadEngine } from '../../adapters/load-engine.ts';
import type { LoadedScenario } from '../../scenarios/load-scenario.ts';
import { loadScenario } from '../../scenarios/load-scenario.ts';
import type { ScenarioInputs } from '../scenario/define-scenario.ts';
import { readEditingTrace } from '../scenario/traces/editing-trace.ts';
import type { RunOutcome } from '../runner/run-scenario.ts';
import { runScenario } from '../runner/run-scenario.ts';
import { profileByName } from '../sim/link-profile.ts';
import type { RunTask, SuiteSettings } from './worker-protocol.ts';

export class TaskRunner {
  private readonly scenarios = new Map<string, Promise<LoadedScenario>>();
  private readonly engines = new Map<string, Promise<LoadedEngine>>();
  private inputs: ScenarioInputs | undefined;

  constructor(private readonly settings: SuiteSettings) {}

  /** Runs `task`; `onProgress` gets the virtual time reached and where the timeline ends. */
  async run(task: RunTask, onProgress?: (virtualMs: number, endMs: number) => void): Promise<RunOutcome> {
    const { settings } = this;
    const scenario = await cached(this.scenarios, task.scenarioArgument, () =>
      loadScenario(task.scenarioArgument, settings.cwd),
    );
    const engine = await cached(this.engines, task.engineArgument, () =>
      loadEngine(task.engineArgument, settings.cwd),
    );
    this.inputs ??= settings.trace ? { trace: readEditingTrace(settings.trace) } : {};
    return runScenario({
      scenario: scenario.definition,
      adapter: engine.adapter,
      source: scenario.argument,
      seed: settings.seed,
      scale: settings.scale,
      inputs: this.inputs,
      ...(settings.profile ? { profile: profileByName(settings.profile) } : {}),
      ...(settings.compression ? { compression: settings.compression } : {}),
      replay: task.replay,
      ...(onProgress ? { onProgress } : {}),
    });
  }
}

function cached<T>(map: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let value = map.get(key);
  if (!value) {
    value = load();
    map.set(key, value);
  }
  return value;
}
