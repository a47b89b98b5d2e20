/**
 * What a suite's parent process and its run workers say to each other over the IPC channel
 * (structured clone, so a result arrives exactly as the worker measured it).
 */
import type { Compression } from '../contract/contract.ts';
import type { Scale } from '../scenario/define-scenario.ts';
import type { RunOutcome } from '../runner/run-scenario.ts';

/** What every run of a suite shares: a worker loads scenarios, engines and the trace from these. */
export interface SuiteSettings {
  /** The directory scenario and engine arguments are resolved from. */
  readonly cwd: string;
  readonly seed: number;
  readonly scale: Scale;
  /** A built-in `--profile` name. */
  readonly profile?: string;
  readonly compression?: Compression;
  /** The absolute path of the `--trace` file. */
  readonly trace?: string;
}

/** One run of the matrix: arguments select its scenario and engine again in a worker. */
export interface RunTask {
  /** Its position in the matrix (scenario-major, engine-minor): results keep this order. */
  readonly index: number;
  /** The scenario's name, as results key it. */
  readonly scenario: string;
  /** The argument that selects it: a built-in name or a file path. */
  readonly scenarioArgument: string;
  readonly engine: string;
  readonly engineArgument: string;
  /** The command that replays it, recorded in its result. */
  readonly replay: string;
  /** What the run is expected to cost, wall ms on the machine of `measured-durations.ts`. */
  readonly estimateMs: number;
  /** Its engine keeps process-wide state (`capabilities.needsFreshProcess`): it runs alone in a worker. */
  readonly freshProcess: boolean;
}

export type ToWorker =
  | { readonly kind: 'settings'; readonly settings: SuiteSettings }
  | { readonly kind: 'run'; readonly task: RunTask };

export type FromWorker =
  | { readonly kind: 'progress'; readonly index: number; readonly virtualMs: number; readonly endMs: number }
  | { readonly kind: 'done'; readonly index: number; readonly outcome: RunOutcome };
