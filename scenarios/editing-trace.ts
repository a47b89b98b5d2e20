/**
 * editing-trace: replays a real editing history keystroke by keystroke (`--trace FILE`, the
 * josephg/editing-traces format) or, without one, a synthetic trace made from the seed. In a
 * sequential trace one client types while a second client and the server follow; in a concurrent
 * one each agent types on its own client, in the trace's order, once its client has every earlier
 * txn (the replay is linearized: see traces/linearize.ts). At the end every replica's text must
 * equal the trace's `endContent`. Measures stored bytes, wire bytes per keystroke and wall time.
 */
import { PROFILES } from '../src/sim/link-profile.ts';
import type { Scale, Step } from '../src/scenario/define-scenario.ts';
import { defineScenario } from '../src/scenario/define-scenario.ts';
import { samples } from '../src/scenario/timeline.ts';
import { syntheticTrace } from '../src/scenario/traces/synthetic-trace.ts';
import type { TraceTxn } from '../src/scenario/traces/editing-trace.ts';
import type { LinearTxn } from '../src/scenario/traces/linearize.ts';
import { linearize } from '../src/scenario/traces/linearize.ts';
import { traceSteps } from '../src/scenario/traces/trace-steps.ts';

/** Txns of the synthetic trace per scale; a `--trace` file always replays whole. */
const SYNTHETIC_TXNS: Record<Scale, number> = { ci: 2_000, default: 10_000, large: 60_000 };
/** A brisk typist: ten keystrokes a second. */
const KEYSTROKE_MS = 100;
const DOC = 'trace';
/** When the typing moves to another agent's client: time for the last txns to reach it first. */
const HANDOVER_MS = 3_000;

export const editingTrace = defineScenario({
  name: 'editing-trace',
  description:
    'Replays an editing trace keystroke by keystroke (--trace FILE in the josephg/editing-traces ' +
    'format, or a synthetic one from the seed), each author on a client while the rest follow. Checks the final ' +
    "text equals the trace's endContent everywhere; measures stored bytes and bytes per keystroke.",
  takes: ['trace'],
  plan(scale, random, inputs) {
    const trace = inputs.trace ?? syntheticTrace(random('trace'), SYNTHETIC_TXNS[scale], 'synthetic');
    // A concurrent trace: agent i types on client c(i+1), each txn once its client has every
    // earlier one (positions re-counted for that state). A sequential one: c1 types, c2 follows.
    const concurrent = trace.kind === 'concurrent';
    const txns: readonly (TraceTxn | LinearTxn)[] = concurrent ? linearize(trace) : trace.txns;
    const typed = traceSteps(trace, txns, {
      replicaOf: (i) => `c${(txns[i]?.agent ?? 0) + 1}`,
      doc: DOC,
      startMs: 1_000,
      keystrokeMs: KEYSTROKE_MS,
      handoverMs: HANDOVER_MS,
    });
    const endMs = typed.reduce((end, step) => Math.max(end, step.at), 0);
    const steps: Step[] = [{ at: 0, kind: 'phase', name: 'replay' }, ...typed, ...samples(endMs, 10)];
    return {
      topology: 'star',
      replicas: concurrent ? Math.max(2, trace.agents) : 2,
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
