/**
 * Progress of a suite on stderr: a line rewritten in place on a terminal, plain lines otherwise
 * (CI logs), and a one-line summary per finished run.
 */
import type { RunResult, RunTiming } from '../runner/result.ts';
import type { OutputStream } from './cli-process.ts';

export class Progress {
  private done = 0;

  constructor(
    private readonly out: OutputStream,
    private readonly total: number,
  ) {}

  begin(label: string): void {
    const line = `[${this.done + 1}/${this.total}] ${label} …`;
    if (this.out.isTTY) this.out.write(`\r\x1b[2K${line}`);
    else this.out.write(`${line}\n`);
  }

  end(summary: string): void {
    this.done++;
    if (this.out.isTTY) this.out.write(`\r\x1b[2K`);
    this.out.write(`[${this.done}/${this.total}] ${summary}\n`);
  }
}

/** One line about a finished run. */
export function describeRun(result: RunResult, timing: RunTiming): string {
  const head = `${result.scenario} × ${result.engine}`;
  switch (result.state) {
    case 'unsupported':
      return `${head}: unsupported (${result.reason})`;
    case 'errored':
      return `${head}: ERRORED: ${result.error}`;
    case 'completed': {
      const verdict = result.converged
        ? `converged ${result.convergenceMs?.toFixed(0) ?? '?'} ms after heal`
        : `NOT CONVERGED (${result.divergences.map((d) => `${d.replica} at ${d.firstDifferingPath}`).join('; ')})`;
      const lost = result.lostInserts > 0 ? `, ${result.lostInserts} LOST INSERTS` : '';
      return `${head}: ${verdict}${lost}, ${result.opsApplied} ops, ${result.wire.bytes} wire bytes, ${result.bytesPerOp} B/op (${(timing.wallMs / 1000).toFixed(1)} s)`;
    }
  }
}
