// Editing traces: the file format and its errors, the synthetic trace, and replays whose final
// text must equal the trace's end content (a prefix of a real trace, with its end computed here).
import { describe, expect, it } from 'vitest';
import { pouchdbAdapter } from '../../adapters/pouchdb/index.ts';
import { referenceAdapter } from '../../adapters/reference/index.ts';
import { yjsAdapter } from '../../adapters/yjs/index.ts';
import { editingTrace } from '../../scenarios/editing-trace.ts';
import type { EditingTrace } from '../../src/scenario/traces/editing-trace.ts';
import { parseEditingTrace, readEditingTrace } from '../../src/scenario/traces/editing-trace.ts';
import { syntheticTrace } from '../../src/scenario/traces/synthetic-trace.ts';
import { randomStream } from '../../src/sim/prng.ts';
import { runScenario } from '../../src/runner/run-scenario.ts';
import { replayTrace } from './replay-trace.ts';
import { describeWithTraces, itWithTraces, tracePath } from '../helpers/shared-traces.ts';

/** Applies every patch naively, counting code points: the independent answer for small traces. */
function replayed(trace: EditingTrace): string {
  let points = [...trace.startContent];
  for (const txn of trace.txns)
    for (const [pos, del, ins] of txn.patches)
      points = [...points.slice(0, pos), ...ins, ...points.slice(pos + del)];
  return points.join('');
}

/** The first `n` txns of a sequential trace, ending where they end. */
function prefix(trace: EditingTrace, n: number): EditingTrace {
  const cut = { ...trace, txns: trace.txns.slice(0, n) };
  return { ...cut, endContent: replayed(cut) };
}

describe('trace files', () => {
  itWithTraces('reads the sequential traces in ../shared/data', () => {
    const paper = readEditingTrace(tracePath('automerge-paper.json.gz'));
    expect(paper.kind).toBe('sequential');
    expect(paper.txns).toHaveLength(259_778);
    expect(paper.endContent).toHaveLength(104_852);
    const concurrent = readEditingTrace(tracePath('friendsforever.json.gz'));
    expect(concurrent.kind).toBe('concurrent');
    expect(concurrent.agents).toBe(2);
  });

  it.each([
    [{ endContent: 'x' }, /txns must be a non-empty array, got nothing/],
    [{ endContent: 1, txns: [] }, /endContent must be a string, got 1/],
    [{ endContent: '', txns: [{ patches: [[0, 'x', '']] }] }, /txns\[0\]\.patches\[0\] must be \[position/],
    [{ kind: 'weird', endContent: '', txns: [] }, /kind must be 'concurrent' or absent/],
    [
      { kind: 'concurrent', numAgents: 2, endContent: '', txns: [{ agent: 0, parents: [3], patches: [] }] },
      /txns\[0\]\.parents must be an array of indexes of earlier txns/,
    ],
  ])('rejects %j', (json, message) => {
    expect(() => parseEditingTrace(json, 'bad.json')).toThrow(message);
  });

  it('makes the same synthetic trace from the same seed, and its end content is what its patches give', () => {
    const a = syntheticTrace(randomStream(7, 'trace'), 3_000, 'synthetic');
    const b = syntheticTrace(randomStream(7, 'trace'), 3_000, 'synthetic');
    expect(a).toEqual(b);
    expect(a.txns).toHaveLength(3_000);
    expect(replayed(a)).toBe(a.endContent);
    expect(a.txns.some((t) => t.patches.some(([, del]) => del > 0))).toBe(true);
  });
});

describeWithTraces('replays', () => {
  // seph-blog1 has txns of several patches; the first 4,000 txns end in a few KB of text.
  let cached: EditingTrace | undefined;
  const seph = (): EditingTrace =>
    (cached ??= prefix(readEditingTrace(tracePath('seph-blog1.json.gz')), 4_000));

  it.each([yjsAdapter, referenceAdapter])(
    'ends with the trace end content on every $name replica',
    async (adapter) => {
      const result = await replayTrace(adapter, seph());
      expect(result.checks).toEqual([expect.objectContaining({ passed: true, detail: '3 replicas equal' })]);
      expect(result.converged).toBe(true);
    },
  );

  it('fails the check when a replica ends with other text', async () => {
    const trace = seph();
    const wrong = { ...trace, endContent: `${trace.endContent}!` };
    const result = await replayTrace(yjsAdapter, wrong);
    expect(result.checks[0]?.passed).toBe(false);
    expect(result.checks[0]?.detail).toMatch(/server: \d+ chars, first difference at offset/);
  });
});

describe('text as one value', () => {
  it('is unsupported, with the reason, where text is one last-writer-wins value', async () => {
    const { result } = await runScenario({
      scenario: editingTrace,
      adapter: pouchdbAdapter,
      seed: 1,
      scale: 'ci',
      replay: 'test',
    });
    expect(result).toMatchObject({ state: 'unsupported' });
    if (result.state === 'unsupported')
      expect(result.reason).toMatch(/lww-value.*rewrite the whole document/);
  });
});
