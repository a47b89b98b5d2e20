/**
 * Turns the txns of a sequential editing trace into timeline steps: each patch becomes a
 * `textDelete` and/or a `textInsert` on the typing replica, one txn per keystroke interval.
 * Trace positions count code points; ops count UTF-16 units, so a trace with characters outside
 * the BMP is converted against the text as it stands at that point of the trace.
 */
import type { Op } from '../../adapters/contract.ts';
import type { Step } from '../define-scenario.ts';
import type { EditingTrace } from './editing-trace.ts';
import { hasAstralCharacters } from './editing-trace.ts';

export interface TraceStepOptions {
  readonly replica: string;
  readonly doc: string;
  readonly startMs: number;
  readonly keystrokeMs: number;
}

/** The steps that replay `trace` on one replica; the text is seeded with `startContent` first. */
export function sequentialTraceSteps(trace: EditingTrace, o: TraceStepOptions): Step[] {
  const steps: Step[] = [];
  const push = (at: number, op: Op): void => {
    steps.push({ at, kind: 'op', replica: o.replica, op, untagged: true });
  };
  const units = hasAstralCharacters(trace) ? new CodePointText(trace.startContent) : undefined;
  if (trace.startContent)
    push(o.startMs, { kind: 'textInsert', doc: o.doc, index: 0, text: trace.startContent });
  trace.txns.forEach((txn, i) => {
    const at = o.startMs + (i + 1) * o.keystrokeMs;
    for (const [position, deleteCount, text] of txn.patches) {
      const index = units ? units.offsetOf(position) : position;
      if (deleteCount > 0) {
        const length = units ? units.offsetOf(position + deleteCount) - index : deleteCount;
        push(at, { kind: 'textDelete', doc: o.doc, index, length });
      }
      if (text) push(at, { kind: 'textInsert', doc: o.doc, index, text });
      units?.splice(position, deleteCount, text);
    }
  });
  return steps;
}

/** A text as code points, to turn code-point positions into UTF-16 offsets (slow; rare traces only). */
class CodePointText {
  private readonly points: string[];
  constructor(text: string) {
    this.points = [...text];
  }
  offsetOf(position: number): number {
    let offset = 0;
    for (let i = 0; i < position && i < this.points.length; i++) offset += (this.points[i] ?? '').length;
    return offset;
  }
  splice(position: number, deleteCount: number, text: string): void {
    this.points.splice(position, deleteCount, ...text);
  }
}
