// The suite's refusal check on an engine that refuses a kind other than `upgradeSchema`: the
// reference engine without `textDelete`. The check once ran a schema-upgrade scenario for every
// engine and expected `upgradeSchema` in the reason, so this engine failed it wrongly.
import { describe, expect, it } from 'vitest';
import type { SyncAdapter } from '../../src/contract/contract.ts';
import { UnsupportedOpError } from '../../src/contract/contract.ts';
import { referenceAdapter } from '../../adapters/reference/index.ts';
import type { TestFramework } from '../../src/conformance/conformance-suite.ts';
import { runConformanceSuite } from '../../src/conformance/conformance-suite.ts';

const ops = referenceAdapter.capabilities.ops.filter((k) => k !== 'textDelete');
const withoutTextDelete: SyncAdapter = {
  ...referenceAdapter,
  capabilities: { ...referenceAdapter.capabilities, ops },
  createReplica(ctx) {
    const replica = referenceAdapter.createReplica(ctx);
    const apply = replica.apply.bind(replica);
    replica.apply = (op) => {
      if (op.kind === 'textDelete') throw new UnsupportedOpError(referenceAdapter.name, op.kind, ops);
      return apply(op);
    };
    return replica;
  },
};

/** The suite's tests by name, collected instead of registered. */
function suiteTests(adapter: SyncAdapter): Map<string, () => Promise<void> | void> {
  const tests = new Map<string, () => Promise<void> | void>();
  const it = Object.assign((name: string, body: () => Promise<void> | void) => void tests.set(name, body), {
    skip: () => {},
  });
  const framework: TestFramework = { describe: (_name, body) => body(), it, expect };
  runConformanceSuite(adapter, framework);
  return tests;
}

describe('the conformance suite on an engine that refuses textDelete', () => {
  it('passes the refusal check: the scenario that needs textDelete is unsupported, naming it', async () => {
    expect(withoutTextDelete.capabilities.ops).toContain('upgradeSchema');
    const check = suiteTests(withoutTextDelete).get(
      'refuses op kinds outside its capabilities with a clear error',
    );
    if (!check) throw new Error('the suite has no refusal check');
    await check();
  });
});
