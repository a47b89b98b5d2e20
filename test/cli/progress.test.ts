import { describe, expect, it } from 'vitest';
import type { ProgressClock } from '../../src/cli/progress.ts';
import { HEARTBEAT_MS, Progress } from '../../src/cli/progress.ts';

/** A wall clock the test moves: `advance` runs the ticks that fall due, as a timer would. */
function fakeClock() {
  let now = 0;
  const ticks: { every: number; next: number; tick: () => void }[] = [];
  const clock: ProgressClock = {
    now: () => now,
    every(ms, tick) {
      const entry = { every: ms, next: ms, tick };
      ticks.push(entry);
      return () => ticks.splice(ticks.indexOf(entry), 1);
    },
  };
  const advance = (ms: number): void => {
    const until = now + ms;
    for (;;) {
      const due = ticks.filter((t) => t.next <= until).sort((a, b) => a.next - b.next)[0];
      if (!due) break;
      now = due.next;
      due.next += due.every;
      due.tick();
    }
    now = until;
  };
  return { clock, advance, timers: () => ticks.length };
}

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
    expect(chunks[1]).toBe('\r\x1b[2K[1/2] concurrent-edits × yjs 25% of timeline (30 s simulated)');
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

  it('writes a heartbeat line to a log while a long run goes on, at least every 15 s, and stops at close', () => {
    const { out, chunks } = recorder(false);
    const { clock, advance, timers } = fakeClock();
    const progress = new Progress(out, 2, clock);
    progress.begin('large-workspace × pouchdb');
    progress.update(3_600_000, 7_200_000);
    advance(10_000);
    expect(chunks).toHaveLength(1); // quiet for less than 15 s
    advance(40_000);
    const beats = chunks.slice(1);
    expect(beats.length).toBeGreaterThanOrEqual(Math.floor(50_000 / HEARTBEAT_MS) - 1);
    expect(beats[0]).toMatch(
      /^\[1\/2\] large-workspace × pouchdb 50% of timeline \(1 h simulated\), 1[5-9]\.?\d* s so far\n$/,
    );
    progress.close();
    expect(timers()).toBe(0);
  });

  it('estimates the time left on a terminal from the runs measured so far', () => {
    const { out, chunks } = recorder(true);
    const { clock, advance } = fakeClock();
    const progress = new Progress(out, 4, clock);
    progress.begin('a × b');
    advance(60_000);
    progress.end('a × b: done');
    progress.begin('c × d');
    progress.update(50, 100); // half of the second run: 2.5 runs of a minute left
    expect(chunks.at(-1)).toBe('\r\x1b[2K[2/4] c × d 50% of timeline (50 ms simulated), about 2.5 min left');
    progress.close();
  });
});

describe('Progress on several workers', () => {
  it('shows every run under way on a terminal, and times what is left by the estimates at the pace so far', () => {
    const { out, chunks } = recorder(true);
    const { clock, advance } = fakeClock();
    // Four runs estimated at 40, 30, 20 and 10 s on two workers.
    const progress = new Progress(out, 4, clock, 2, 100_000);
    progress.begin('a × x', 0, 40_000);
    progress.begin('b × y', 1, 30_000);
    progress.update(50, 100, 1);
    expect(chunks.at(-1)).toBe('\r\x1b[2K[0/4 done] a × x · b × y 50%');
    advance(60_000); // the 40 s run took 60 s: 1.5 times its estimate
    progress.end('a × x: done', 0);
    // Left: 30 s · (1 − 0.5) + 20 s + 10 s = 45 s of estimates, at 1.5 × pace, over 2 workers.
    expect(chunks.join('')).toContain(
      '[1/4] a × x: done\n[2/4] b × y 50% of timeline (50 ms simulated), about 33.8 s left',
    );
    progress.close();
  });

  it('gives each run under way its own heartbeat line in a log', () => {
    const { out, chunks } = recorder(false);
    const { clock, advance } = fakeClock();
    const progress = new Progress(out, 3, clock, 2);
    progress.begin('a × x', 0);
    progress.begin('b × y', 1);
    advance(HEARTBEAT_MS + 1);
    expect(chunks.slice(2)).toEqual([
      expect.stringMatching(/^\[1\/3\] a × x …, 15\.?\d* s so far\n$/),
      expect.stringMatching(/^\[2\/3\] b × y …, 15\.?\d* s so far\n$/),
    ]);
    progress.close();
  });
});
