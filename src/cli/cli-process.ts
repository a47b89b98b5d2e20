/**
 * The slice of `process` the CLI uses, so tests can drive `main` with a fake one.
 */

export interface OutputStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
}

export interface CliProcess {
  readonly argv: readonly string[];
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  cwd(): string;
  /** Signals (the real process; a test's fake may leave them out). */
  on?(signal: 'SIGINT' | 'SIGTERM', listener: (signal: NodeJS.Signals) => void): unknown;
  off?(signal: 'SIGINT' | 'SIGTERM', listener: (signal: NodeJS.Signals) => void): unknown;
  exit?(code: number): never;
}

/**
 * Exit codes: 0 success, 1 a failed check (or a gate regression), 2 results the gate cannot
 * compare, 64 a usage error (as sysexits' EX_USAGE), 70 internal, 73 an output that cannot be
 * written, 130 interrupted.
 */
export const EXIT = {
  ok: 0,
  failed: 1,
  notComparable: 2,
  usage: 64,
  internal: 70,
  /** An output file or directory could not be written (sysexits' EX_CANTCREAT). */
  cannotCreate: 73,
  /** Interrupted by SIGINT or SIGTERM (128 + 2, as a shell reports Ctrl-C). */
  interrupted: 130,
} as const;
