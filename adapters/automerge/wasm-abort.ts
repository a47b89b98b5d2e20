/**
 * When Automerge's WebAssembly aborts (a Rust panic, or `rust_oom` when its 4 GiB memory is
 * full) while automerge-repo receives a message, the repo catches the abort and only logs it
 * (`console.log("error receiving message", { err, message })`); from then on every call into the
 * module throws `Module terminated`, which says nothing of why. This keeps the first abort the
 * repo logs, and the replicas' errors name it.
 */
import type { Replica } from '../../src/contract/contract.ts';

let firstAbort: string | undefined;
let watching = false;

/** Watches automerge-repo's log for the module's abort (once per process). */
export function watchForAborts(): void {
  if (watching) return;
  watching = true;
  const log = console.log.bind(console);
  console.log = (...args: unknown[]) => {
    const err = (args[1] as { err?: unknown } | undefined)?.err;
    // WebAssembly.RuntimeError (its type is not in this project's lib): what an abort throws.
    if (args[0] === 'error receiving message' && err instanceof Error && err.name === 'RuntimeError')
      firstAbort ??= describeAbort(err);
    log(...args);
  };
}

/** The abort in a line: its message, and whether Rust ran out of memory. */
export function describeAbort(error: Error): string {
  const oom = /rust_oom|alloc::alloc::handle_alloc_error/.test(error.stack ?? '');
  return `${error.name}: ${error.message}${oom ? ' in rust_oom: the module ran out of memory' : ''}`;
}

/** `error`, or for "Module terminated" an error that says what terminated it. */
export function explainTerminated(error: unknown): unknown {
  if (!(error instanceof Error) || error.message !== 'Module terminated') return error;
  const why = firstAbort
    ? `it aborted earlier in this run (${firstAbort}; automerge-repo only logged it, as "error receiving message")`
    : 'it aborted earlier in this process';
  return new Error(`Automerge's WebAssembly module is terminated: ${why}`, { cause: error });
}

/**
 * `replica` with every call's "Module terminated" explained, thrown or rejected. A plain object
 * of wrapped methods, made once (the harness calls read() after every delivery; a Proxy's trap on
 * every property read cost more than many reads). Only methods pass: a replica is used through
 * the contract's methods alone.
 */
export function explainingAborts<R extends Replica>(replica: R): R {
  const wrapped: Record<PropertyKey, unknown> = {};
  for (const key of methodNames(replica)) {
    const method = (replica as unknown as Record<string, (...a: unknown[]) => unknown>)[key]!;
    wrapped[key] = (...args: unknown[]) => {
      try {
        const result: unknown = method.apply(replica, args);
        return result instanceof Promise
          ? result.catch((error: unknown) => Promise.reject(explainTerminated(error) as Error))
          : result;
      } catch (error) {
        throw explainTerminated(error);
      }
    };
  }
  return wrapped as R;
}

/** The names of `object`'s methods, its own and its classes', without Object's. */
function methodNames(object: object): string[] {
  const names = new Set<string>();
  for (
    let o: object | null = object;
    o !== null && o !== Object.prototype;
    o = Object.getPrototypeOf(o) as object | null
  )
    for (const name of Object.getOwnPropertyNames(o)) {
      if (name === 'constructor' || names.has(name)) continue;
      const descriptor = Object.getOwnPropertyDescriptor(o, name);
      if (typeof descriptor?.value === 'function') names.add(name);
    }
  return [...names];
}

/** For tests: forgets the abort seen. */
export function forgetAbort(): void {
  firstAbort = undefined;
}
