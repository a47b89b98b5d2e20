// Concurrent editing traces: positions typed on a txn's parents are re-counted for the state of
// every earlier txn, so each agent's client can replay them in order; the real two-author trace
// in ../shared/data merges to its end content this way.
import { describe, expect, it } from 'vitest';
import { referenceAdapter } from '../../adapters/reference/index.ts';
import { yjsAdapter } from '../../adapters/yjs/index.ts';
import { parseEditingTrace, readEditingTrace } from '../../src/scenario/traces/editing-trace.ts';
import { linearize } from '../../src/scenario/traces/linearize.ts';
import { replayTrace } from './replay-trace.ts';
import { itWithTraces, tracePath } from '../helpers/shared-traces.ts';

// Agent 1 greets before "hello" while agent 0, not having seen it, adds "!" after "hello".
const small = parseEditingTrace(
  {
    kind: 'concurrent',
    numAgents: 2,
    endContent: 'Oh, hello there!',
    txns: [
      { agent: 0, parents: [], patches: [[0, 0, 'hello']] },
      { agent: 1, parents: [0], patches: [[0, 0, 'Oh, ']] },
      { agent: 0, parents: [0], patches: [[5, 0, '!']] },
      { agent: 1, parents: [1, 2], patches: [[9, 0, ' there']] },
    ],
  },
  'small.json',
);

describe('linearizing a concurrent trace', () => {
  it('re-counts a position past what the other agent inserted concurrently', () => {
    expect(linearize(small).map((t) => [t.agent, t.patches])).toEqual([
      [0, [[0, 0, 'hello']]],
      [1, [[0, 0, 'Oh, ']]],
      [0, [[9, 0, '!']]],
      [1, [[9, 0, ' there']]],
    ]);
  });

  it('refuses a trace whose merge does not give its end content', () => {
    const wrong = { ...small, endContent: 'hello!' };
    expect(() => linearize(wrong)).toThrow(/merging its txns in order does not give its endContent/);
  });

  itWithTraces('merges friendsforever (two authors, 26,078 txns) to its end content', () => {
    const trace = readEditingTrace(tracePath('friendsforever.json.gz'));
    const txns = linearize(trace);
    expect(txns).toHaveLength(26_078);
    expect(new Set(txns.map((t) => t.agent))).toEqual(new Set([0, 1]));
  });

  it.each([yjsAdapter, referenceAdapter])('replays on one client per agent with $name', async (adapter) => {
    const result = await replayTrace(adapter, small);
    expect(result.checks).toEqual([expect.objectContaining({ passed: true, detail: '3 replicas equal' })]);
    expect(result.opsApplied).toBe(4);
  });
});
