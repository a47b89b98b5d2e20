/**
 * editing-trace: replays a real editing history keystroke by keystroke (`--trace FILE`, the
 * josephg/editing-traces format) or, without one, a synthetic trace made from the seed. One
 * client types, a second client and the server follow; at the end every replica's text must equal
 * the trace's `endContent`. Measures stored bytes, wire bytes per keystroke and wall time.
 */
import { UsageError } from '../src/errors.ts';
import { PROFILES } from '../src/sim/link-profile.ts';
import type { Scale, Step } from './define-scenario.ts';
import { defineScenario } from './define-scenario.ts';
import { samples } from './timeline.ts';
import { syntheticTrace } from './traces/synthetic-trace.ts';
import { sequentialTraceSteps } from './traces/trace-steps.ts';

/** Txns of the synthetic trace per scale; a `--trace` file always replays whole. */
const SYNTHETIC_TXNS: Record<Scale, number> = { ci: 2_000, default: 20_000, large: 60_000 };
/** A brisk typist: ten keystrokes a second. */
const KEYSTROKE_MS = 100;
const DOC = 'trace';

export const editingTrace = defineScenario({
  name: 'editing-trace',
  description:
    'Replays an editing trace keystroke by keystroke (--trace FILE in the josephg/editing-traces ' +
    'format, or a synthetic one from the seed): one client types, another follows. Checks the final ' +
    "text equals the trace's endContent everywhere; measures stored bytes and bytes per keystroke.",
  takes: ['trace'],
  plan(scale, random, inputs) {
    const trace = inputs.trace ?? syntheticTrace(random('trace'), SYNTHETIC_TXNS[scale], 'synthetic');
    if (trace.kind === 'concurrent')
      throw new UsageError(
        `trace ${trace.source} is a concurrent trace (${trace.agents} agents); only sequential traces replay so far`,
      );
    const typed = sequentialTraceSteps(trace, {
      replica: 'c1',
      doc: DOC,
      startMs: 1_000,
      keystrokeMs: KEYSTROKE_MS,
    });
    const endMs = typed.reduce((end, step) => Math.max(end, step.at), 0);
    const steps: Step[] = [{ at: 0, kind: 'phase', name: 'replay' }, ...typed, ...samples(endMs, 10)];
    return {
      topology: 'star',
      replicas: 2,
      transport: 'stream',
      profile: PROFILES.wifi,
      schema: { collections: ['documents'], texts: [DOC] },
      steps,
      settleDeadlineMs: 600_000,
      requiresText: {
        kinds: ['crdt-text', 'ot-text'],
        reason: `the text is one value, so each of the trace's ${trace.txns.length} keystrokes would rewrite the whole document (up to ${trace.endContent.length} chars)`,
      },
      expectedTexts: { [DOC]: trace.endContent },
    };
  },
});
