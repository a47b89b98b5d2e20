import { describe, expect, it } from 'vitest';
import { Progress } from '../../src/cli/progress.ts';

function recorder(isTTY: boolean) {
  const chunks: string[] = [];
  return { out: { isTTY, write: (s: string) => chunks.push(s) }, chunks };
}

describe('Progress', () => {
  it('rewrites one line in place on a terminal, with the share of the timeline done', () => {
    const { out, chunks } = recorder(true);
    const progress = new Progress(out, 2);
    progress.begin('concurrent-edits × yjs');
    progress.update(30_000, 120_000);
    progress.end('concurrent-edits × yjs: converged');
    expect(chunks[1]).toBe('\r\x1b[2K[1/2] concurrent-edits × yjs 25% of timeline (30.0 s simulated)');
    expect(chunks.join('').endsWith('\r\x1b[2K[1/2] concurrent-edits × yjs: converged\n')).toBe(true);
  });

  it('writes plain lines and no mid-run updates to a log', () => {
    const { out, chunks } = recorder(false);
    const progress = new Progress(out, 1);
    progress.begin('a × b');
    progress.update(1, 2);
    progress.end('a × b: done');
    expect(chunks).toEqual(['[1/1] a × b …\n', '[1/1] a × b: done\n']);
  });
});
