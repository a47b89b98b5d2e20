// The fuzzer finds classic sync bugs in small test-only engines within a bounded number of runs
// for a fixed seed, and shrinks each to a handful of edits; the same engine without the bug
// passes the same search. Failures are written as scenario files that `replay` and `run` re-run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FuzzCase } from '../../src/fuzz/fuzz-case.ts';
import { COLLECTION, caseArb, caseScenario, caseSize } from '../../src/fuzz/fuzz-case.ts';
import type { SyncAdapter } from '../../src/contract/contract.ts';
import { lwwBroadcast } from '../../examples/lww-broadcast-engine.ts';
import fc from 'fast-check';
import { judgeCase } from '../../src/fuzz/judge-case.ts';
import { caseJson, fuzzEngine } from '../../src/fuzz/run-fuzz.ts';
import { runCli } from '../cli/fake-process.ts';
import { deltaEngine } from './buggy-engine.ts';
import { PLANTED, search, twinOf } from './planted-searches.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const CASES = PLANTED;

/** A link of the hand-written cases: 20 ms, nothing lost. */
const STEADY: FuzzCase['network'] = {
  delay: 20,
  jitter: 0,
  distribution: 'constant',
  loss: 0,
  duplicate: 0,
  reorder: 0,
  reset: 0,
  rate: 0,
};

describe('the fuzzer finds classic sync bugs', () => {
  it.each(CASES)(
    '%s: found within 300 runs and shrunk to a handful of edits',
    async (bug, options, properties) => {
      const result = await fuzzEngine(deltaEngine(bug), options);
      if (result.state !== 'failed')
        throw new Error(`expected the ${bug} bug to be found, got ${result.state}`);
      const { failure } = result;
      if (!failure) throw new Error('a failed search must carry its shrunk failure');
      expect(properties).toContain(failure.verdict.property);
      const [before, after] = [caseSize(failure.original), caseSize(failure.shrunk)];
      expect(after.ops).toBeLessThanOrEqual(6);
      expect(after.ops + after.faults).toBeLessThanOrEqual(before.ops + before.faults);
      expect(after.clients).toBeLessThanOrEqual(before.clients);
    },
    60_000,
  );

  it.each(CASES)(
    'the engine without the %s bug passes the same search',
    async (bug, options) => {
      const result = await fuzzEngine(deltaEngine(twinOf(bug)), { ...options, runs: 150 });
      expect(result).toMatchObject({ state: 'passed', cases: 150 });
    },
    60_000,
  );

  it('passes crashes, restarts and link changes without the bugs too', async () => {
    for (const transport of ['stream', 'datagram'] as const)
      expect((await fuzzEngine(deltaEngine(), { ...search(transport, undefined), runs: 150 })).state).toBe(
        'passed',
      );
  }, 60_000);
});

describe('a case is judged at true quiescence', () => {
  // c1 updates a record while offline and reconnects at 1 s; c2 overwrites that value at 2 s,
  // the last step. The heal is at 2 s and every replica is equal and quiet soon after, but the
  // late-replay engine re-sends c1's old write as new at 9 s: judged at the first quiet moment
  // the case passed; judged after the quiet window, c2's update is lost.
  const quietTooEarly: FuzzCase = {
    seed: 7,
    clients: 2,
    network: STEADY,
    steps: [
      { at: 0, client: 2, edit: { kind: 'create', collection: COLLECTION, fields: { status: 'todo' } } },
      { at: 500, fault: { kind: 'offline', client: 1 } },
      {
        at: 750,
        client: 1,
        edit: { kind: 'update', collection: COLLECTION, slot: 0, fields: { status: 'doing' } },
      },
      { at: 1000, fault: { kind: 'online', client: 1 } },
      {
        at: 2000,
        client: 2,
        edit: { kind: 'update', collection: COLLECTION, slot: 0, fields: { status: 'done' } },
      },
    ],
  };

  it('fails the late-replay engine, whose state goes wrong after the first quiet moment', async () => {
    const verdict = await judgeCase(
      deltaEngine('late-replay'),
      caseJson(quietTooEarly, 'stream'),
      quietTooEarly.seed,
    );
    expect(verdict).toMatchObject({ state: 'failed', property: 'keeps updates' });
    if (verdict.state === 'failed')
      expect(verdict.detail).toMatch(/c2 update items\/c2-e1 \{"status":"done#c2-e2"\}/);
  });

  it('passes the same case on the fixed twin', async () => {
    const verdict = await judgeCase(deltaEngine(), caseJson(quietTooEarly, 'stream'), quietTooEarly.seed);
    expect(verdict.state).toBe('passed');
  });
});

describe('a long offline stretch', () => {
  // c1 creates a record, c2 goes offline with it, c1 deletes it; c2 comes back two minutes later
  // and sends its whole state. Forgetting the tombstone after 60 s lets c2's old copy back in.
  const resurrection: FuzzCase = {
    seed: 3,
    clients: 2,
    network: STEADY,
    steps: [
      { at: 0, client: 1, edit: { kind: 'create', collection: COLLECTION, fields: { status: 'todo' } } },
      { at: 1000, fault: { kind: 'offline', client: 2 } },
      { at: 1250, client: 1, edit: { kind: 'delete', collection: COLLECTION, slot: 0 } },
      { at: 120_000, fault: { kind: 'online', client: 2 } },
    ],
  };

  it('resurrects a deleted record on the purged-tombstones engine: keeps deletes fails', async () => {
    const verdict = await judgeCase(
      deltaEngine('purged-tombstones'),
      caseJson(resurrection, 'stream'),
      resurrection.seed,
    );
    expect(verdict).toMatchObject({ state: 'failed', property: 'keeps deletes' });
    if (verdict.state === 'failed')
      expect(verdict.detail).toMatch(/lost delete of items\/c1-e1 by c1 delete/);
  });

  it('keeps it deleted on the twin that keeps its tombstones', async () => {
    const verdict = await judgeCase(
      deltaEngine('full-resync'),
      caseJson(resurrection, 'stream'),
      resurrection.seed,
    );
    expect(verdict.state).toBe('passed');
  });

  it('the search reaches it: cases run for minutes, and the purge is found', async () => {
    const result = await fuzzEngine(deltaEngine('purged-tombstones'), search('stream', undefined));
    expect(result.state).toBe('failed');
    if (result.state !== 'failed' || !result.failure) return;
    expect(['converges', 'keeps deletes']).toContain(result.failure.verdict.property);
    expect(Math.max(...result.failure.shrunk.steps.map((s) => s.at))).toBeGreaterThan(60_000);
  }, 60_000);
});

describe('mesh cases', () => {
  it('are generated for an engine that syncs peer to peer, and a correct one passes them', async () => {
    const meshOnly: SyncAdapter = {
      ...lwwBroadcast,
      capabilities: { ...lwwBroadcast.capabilities, topologies: ['mesh'] },
    };
    const cases = fc.sample(
      caseArb({
        maxClients: 3,
        maxOps: 5,
        maxFaults: 2,
        edits: ['create'],
        faults: ['partition'],
        unreliable: false,
        maxDurationMs: 10_000,
        topologies: ['mesh'],
      }),
      { seed: 1, numRuns: 20 },
    );
    expect(cases.every((c) => c.topology === 'mesh' && c.clients >= 2)).toBe(true);
    expect(caseScenario(cases[0]!, { name: 'x', transport: 'stream' })).toMatchObject({ topology: 'mesh' });
    const result = await fuzzEngine(meshOnly, { ...search('stream', undefined), runs: 100 });
    expect(result).toMatchObject({ state: 'passed', cases: 100 });
  }, 60_000);
});

describe('syncbench fuzz and replay', () => {
  it('writes the shrunk case as a scenario file that replay and run re-run exactly', async () => {
    const out = tempDir('syncbench-fuzz-');
    const engine = './test/fuzz/engines/wall-clock.ts';
    const fuzz = await runCli(['fuzz', '--engines', engine, '--runs', '300', '--max-faults', '0', '-o', out]);
    expect(fuzz.code).toBe(1);
    expect(fuzz.stderr).toMatch(/FAILED fuzz delta-wall-clock: converges: not converged/);
    expect(fuzz.stderr).toMatch(/fast-check seed 1, path "[\d:]+"/);
    expect(fuzz.stderr).toMatch(
      /shrunk from \d+ clients, \d+ edits, 0 faults to \d clients, [1-6] edits, 0 faults/,
    );
    expect(fuzz.stdout).toMatch(/delta-wall-clock\s+\d+\s+1\s+[\d.]+\s+[\d.]+\s+FAILED: converges/);
    const file = join(out, 'fuzz-delta-wall-clock-seed1.json');
    const written = JSON.parse(readFileSync(file, 'utf8')) as { fuzz: { engine: string; seed: number } };
    expect(written.fuzz.engine).toBe(engine);
    const replay = await runCli(['replay', file]);
    expect(replay.code).toBe(1);
    expect(replay.stdout).toMatch(/FAILS converges/);
    const fixed = await runCli(['replay', file, '--engines', './test/fuzz/engines/fixed.ts']);
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toMatch(/every property holds/);
    const run = await runCli([
      'run',
      file,
      '--engines',
      engine,
      '--seed',
      String(written.fuzz.seed),
      '--out',
      out,
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/NOT CONVERGED/);
  }, 60_000);

  it('refuses a replay file without an engine and seed, and a bad transport', async () => {
    const replay = await runCli(['replay', './examples/two-teams.json']);
    expect(replay.code).toBe(64);
    expect(replay.stderr).toMatch(/names no engine and seed .* pass --engines and --seed/);
    const fuzz = await runCli(['fuzz', '--transport', 'carrier-pigeon']);
    expect(fuzz.code).toBe(64);
    expect(fuzz.stderr).toMatch(/transport must be stream or datagram/);
  });
});
