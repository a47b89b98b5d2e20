// What Loro's stack gets wrong at sizes the CI matrix does not reach (docs/findings.md,
// loro-join-over-256k): SimpleServer sends a joining client the whole room as one message, and
// loro-protocol refuses to encode a message over 256 KiB, so a client that joins a larger room
// never gets it. A client that is online while the room grows gets every update (the client
// fragments what it sends, and the server forwards the fragments).
import { describe, expect, it } from 'vitest';
import { loroAdapter } from '../../adapters/loro/index.ts';
import type { Op } from '../../src/contract/contract.ts';
import { runScenario } from '../../src/runner/run-scenario.ts';
import { defineScenario } from '../../src/scenario/define-scenario.ts';

/** 400 letters that do not compress: what a record's text might hold. */
function letters(seed: number): string {
  let x = seed + 1;
  let out = '';
  for (let i = 0; i < 400; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += String.fromCharCode(97 + (x % 26));
  }
  return out;
}

/** c1 writes `records` records of 400 letters each in one batch while c2 is offline; c2 comes back 20 s later. */
function lateJoiner(records: number) {
  const ops: Op[] = Array.from({ length: records }, (_, i) => ({
    kind: 'create',
    collection: 'items',
    id: `r${i}`,
    fields: { title: letters(i) },
  }));
  return defineScenario({
    name: 'loro-late-joiner',
    description: 'A client joins a room after it has grown.',
    plan: () => ({
      topology: 'star',
      replicas: 2,
      transport: 'stream',
      profile: {
        delay: 5,
        jitter: 0,
        distribution: 'constant',
        loss: 0,
        duplicate: 0,
        reorder: 0,
        rate: 0,
        reset: 0,
      },
      schema: { collections: ['items'], texts: [] },
      steps: [
        { at: 0, kind: 'fault', fault: { kind: 'offline', replica: 'c2' } },
        { at: 1_000, kind: 'batch', replica: 'c1', ops },
        { at: 20_000, kind: 'fault', fault: { kind: 'online', replica: 'c2' } },
      ],
      settleDeadlineMs: 120_000,
    }),
  });
}

async function run(records: number) {
  const { result } = await runScenario({
    scenario: lateJoiner(records),
    adapter: loroAdapter,
    seed: 1,
    scale: 'ci',
    replay: 'test/adapters/loro-findings.test.ts',
  });
  if (result.state !== 'completed') throw new Error(`run ${result.state}`);
  return result;
}

describe('Loro: a client joining a room larger than 256 KiB', () => {
  it('never receives it; at 300 records (about 180 KiB) it does', async () => {
    const large = await run(700);
    expect(large.converged).toBe(false);
    expect(large.storage.server.storedBytes).toBeGreaterThan(256 * 1024);
    const small = await run(300);
    expect(small.converged).toBe(true);
  }, 120_000);
});
