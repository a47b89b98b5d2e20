/**
 * Progress of a suite on stderr: a line rewritten in place on a terminal, plain lines otherwise
 * (CI logs), and a one-line summary per finished run.
 */
import type { RunResult, RunTiming } from '../runner/result.ts';
import { unexpectedLostInserts } from '../runner/result.ts';
import type { OutputStream } from './cli-process.ts';

export class Progress {
  private done = 0;

  constructor(
    private readonly out: OutputStream,
    private readonly total: number,
  ) {}

  private label = '';

  begin(label: string): void {
    this.label = label;
    const line = `[${this.done + 1}/${this.total}] ${label} …`;
    if (this.out.isTTY) this.out.write(`\r\x1b[2K${line}`);
    else this.out.write(`${line}\n`);
  }

  /** How far the current run's timeline is (terminal only; logs get just begin and end). */
  update(virtualMs: number, endMs: number): void {
    if (!this.out.isTTY) return;
    const percent = endMs > 0 ? Math.min(100, Math.floor((100 * virtualMs) / endMs)) : 100;
    this.out.write(
      `\r\x1b[2K[${this.done + 1}/${this.total}] ${this.label} ${percent}% of timeline (${formatVirtual(virtualMs)} simulated)`,
    );
  }

  end(summary: string): void {
    this.done++;
    if (this.out.isTTY) this.out.write(`\r\x1b[2K`);
    this.out.write(`[${this.done}/${this.total}] ${summary}\n`);
  }
}

function formatVirtual(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
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
      const unexpected = unexpectedLostInserts(result);
      const lost =
        (unexpected > 0 ? `, ${unexpected} LOST INSERTS` : '') +
        (result.lostInsertsAllowed > 0
          ? `, ${result.lostInsertsAllowed} inserts overwritten (lww text)`
          : '');
      const finding = result.knownFinding
        ? result.knownFinding.reproduced
          ? ` [known finding ${result.knownFinding.id}]`
          : ` [known finding ${result.knownFinding.id} no longer reproduces]`
        : '';
      return `${head}: ${verdict}${lost}, ${result.opsApplied} ops, ${result.wire.bytes} payload B (${result.wire.framedBytes} framed), ${result.bytesPerOp} B/op (${(timing.wallMs / 1000).toFixed(1)} s)${finding}`;
    }
  }
}
