/** Yjs with one classic sync bug each, to prove the runner's checks can fail. */
import type { Replica, SyncAdapter } from '../../src/contract/contract.ts';
import { yjsAdapter } from '../../adapters/yjs/index.ts';

function wrap(name: string, change: (replica: Replica) => Replica): SyncAdapter {
  return {
    ...yjsAdapter,
    name: name as SyncAdapter['name'],
    createReplica: (ctx) => change(yjsAdapter.createReplica(ctx)),
  };
}

/** Forgets to run the sync handshake after a reconnect: edits made while apart never arrive. */
export const noResyncOnReconnect = wrap('yjs-no-resync', (replica) => {
  let connects = 0;
  return {
    ...bind(replica),
    connected: (peer) => {
      if (connects++ === 0) replica.connected(peer);
    },
  };
});

/** Throws on the 50th message it receives. */
export const throwsOnReceive = wrap('yjs-throws', (replica) => {
  let received = 0;
  return {
    ...bind(replica),
    receive: (from, bytes) => {
      if (++received === 50) throw new Error('boom: corrupt message');
      replica.receive(from, bytes);
    },
  };
});

/**
 * Not broken: applies each message it receives in a later immediate, as engines whose storage
 * answers asynchronously do (PouchDB, RxDB, automerge-repo). Everything it measures must equal
 * Yjs's own, visibility latency included.
 */
export const appliesInAnImmediate = wrap('yjs-later', (replica) => ({
  ...bind(replica),
  receive: (from, bytes) => void setImmediate(() => replica.receive(from, bytes)),
}));

/**
 * Not broken, only slow: burns a fixed amount of CPU on every message it receives (a few
 * milliseconds, counted in loop turns, not time), so a run outlasts any short `--run-timeout`
 * however fast the machine and the harness get.
 */
export const slowToReceive = wrap('yjs-slow', (replica) => ({
  ...bind(replica),
  receive: (from, bytes) => {
    burn(1_000_000);
    replica.receive(from, bytes);
  },
}));

let burnt = 0;
function burn(turns: number): void {
  let x = burnt;
  for (let i = 0; i < turns; i++) x = (x * 31 + i) | 0;
  burnt = x;
}

function bind(replica: Replica): Replica {
  return {
    apply: (op) => replica.apply(op),
    receive: (from, bytes) => replica.receive(from, bytes),
    connected: (peer) => replica.connected(peer),
    disconnected: (peer) => replica.disconnected(peer),
    read: (path) => replica.read(path),
    snapshot: () => replica.snapshot(),
    storedBytes: () => replica.storedBytes(),
    idle: () => replica.idle(),
    close: (reason) => replica.close(reason),
  };
}

/**
 * Ends its whole process on the 50th message it receives, as an engine's native code that
 * aborts or runs the process out of memory would: only ever run it in a worker (`--jobs`).
 */
export const killsItsProcess = wrap('yjs-kills-process', (replica) => {
  let received = 0;
  return {
    ...bind(replica),
    receive: (from, bytes) => {
      if (++received === 50) {
        process.stderr.write('FATAL ERROR: planted crash (test/runner/broken-engines.ts)\n');
        process.kill(process.pid, 'SIGKILL');
      }
      replica.receive(from, bytes);
    },
  };
});

/** Whether this process's planted "module" was aborted (as a WebAssembly module stays aborted). */
let moduleAborted = false;

const abortingReplicas = wrap('yjs-aborts-module', (replica) => {
  let received = 0;
  return {
    ...bind(replica),
    receive: (from, bytes) => {
      if (moduleAborted) throw new Error('Module terminated (planted)');
      if (++received === 50) {
        moduleAborted = true;
        throw new Error('planted abort: out of module memory');
      }
      replica.receive(from, bytes);
    },
  };
});

/**
 * Aborts its process-wide "module" on the 50th message, and from then on fails every call, in
 * this run and every later one in the same process, as Automerge's WebAssembly does after it
 * runs out of memory ("Module terminated"). A worker must not pass that on to the next run.
 */
export const abortsItsModule: SyncAdapter = {
  ...abortingReplicas,
  createReplica: (ctx) => {
    if (moduleAborted) throw new Error('Module terminated (planted)');
    return abortingReplicas.createReplica(ctx);
  },
};
