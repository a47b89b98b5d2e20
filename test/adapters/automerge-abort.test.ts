// After Automerge's WebAssembly aborts, automerge-repo only logs the abort and every later call
// throws "Module terminated". The adapter keeps the first abort it logged, so the error a run
// records says what happened (at --scale large: out of memory).
import { describe, expect, it, vi } from 'vitest';
import type { Replica } from '../../src/contract/contract.ts';
import { explainingAborts, forgetAbort, watchForAborts } from '../../adapters/automerge/wasm-abort.ts';

const terminated = (): never => {
  throw new Error('Module terminated');
};
const replica = {
  apply: terminated,
  idle: () => Promise.reject(new Error('Module terminated')),
  read: () => {
    throw new Error('something else');
  },
  snapshot: () => ({ collections: {}, texts: {} }),
} as unknown as Replica;

describe('Automerge: a terminated module names its abort', () => {
  it('says the module ran out of memory when the abort automerge-repo logged was rust_oom', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    watchForAborts();
    forgetAbort();
    const { RuntimeError } = (
      globalThis as unknown as { WebAssembly: { RuntimeError: new (m: string) => Error } }
    ).WebAssembly;
    const abort = new RuntimeError('unreachable');
    abort.stack =
      'RuntimeError: unreachable\n    at automerge_wasm.wasm.std::alloc::rust_oom (wasm://wasm/automerge_wasm.wasm:1)';
    console.log('error receiving message', { err: abort, message: {} });
    const wrapped = explainingAborts(replica);
    expect(() => wrapped.apply({ kind: 'delete', collection: 'c', id: 'x' })).toThrow(
      /Automerge's WebAssembly module is terminated: it aborted earlier in this run \(RuntimeError: unreachable in rust_oom: the module ran out of memory;/,
    );
    await expect(wrapped.idle()).rejects.toThrow(/ran out of memory/);
    expect(() => wrapped.read({ kind: 'text', doc: 'd' })).toThrow('something else');
    expect(wrapped.snapshot()).toEqual({ collections: {}, texts: {} });
  });

  it('says only that it aborted when no abort was logged', () => {
    forgetAbort();
    expect(() => explainingAborts(replica).apply({ kind: 'delete', collection: 'c', id: 'x' })).toThrow(
      "Automerge's WebAssembly module is terminated: it aborted earlier in this process",
    );
  });
});
