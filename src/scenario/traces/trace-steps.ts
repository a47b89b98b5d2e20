/**
 * Turns the txns of an editing trace into timeline steps: each patch becomes a `textDelete`
 * and/or a `textInsert` on the replica that types it, one txn per keystroke interval.
 * Trace positions count code points; ops count UTF-16 units, so a trace with characters outside
 * the BMP is converted against the text as it stands at that point of the trace.
 */
import type { Op } from '../../contract/contract.ts';
import type { Step } from '../define-scenario.ts';
import type { EditingTrace, TracePatch } from './editing-trace.ts';
import { hasAstralCharacters } from './editing-trace.ts';

export interface TraceStepOptions {
  /** The replica that types txn `i`. */
  readonly replicaOf: (txn: number) => string;
  readonly doc: string;
  readonly startMs: number;
  readonly keystrokeMs: number;
  /** Extra time before a txn typed on another replica than the one before, for the last to arrive. */
  readonly handoverMs: number;
}

/**
 * The steps that replay `txns` (positions counted in the state of every earlier txn), each on
 * its replica; the text is seeded with the trace's `startContent` first.
 */
export function traceSteps(
  trace: EditingTrace,
  txns: readonly { readonly patches: readonly TracePatch[] }[],
  o: TraceStepOptions,
): Step[] {
  const steps: Step[] = [];
  const push = (at: number, replica: string, op: Op): void => {
    steps.push({ at, kind: 'op', replica, op, untagged: true });
  };
  const units = hasAstralCharacters(trace) ? new CodePointText(trace.startContent) : undefined;
  if (trace.startContent)
    push(o.startMs, o.replicaOf(0), { kind: 'textInsert', doc: o.doc, index: 0, text: trace.startContent });
  let at = o.startMs;
  txns.forEach((txn, i) => {
    const replica = o.replicaOf(i);
    at += o.keystrokeMs + (i > 0 && o.replicaOf(i - 1) !== replica ? o.handoverMs : 0);
    for (const [position, deleteCount, text] of txn.patches) {
      const index = units ? units.offsetOf(position) : position;
      if (deleteCount > 0) {
        const length = units ? units.offsetOf(position + deleteCount) - index : deleteCount;
        push(at, replica, { kind: 'textDelete', doc: o.doc, index, length });
      }
      if (text) push(at, replica, { kind: 'textInsert', doc: o.doc, index, text });
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
