/**
 * A client's two live replications with its server (a push and a pull, as `db.sync` runs them),
 * kept running the way an application keeps them: PouchDB's own retry loop sleeps on timers of
 * its own and gives up its state on a reset, so they run with `retry: false`, and a failed one is
 * restarted after a back-off like PouchDB's default (1 s, doubling, capped at a minute) while the
 * client is online; going offline stops both, coming back online restarts both at once. The
 * simulated client and the loopback fidelity harness run the same code.
 */
import { DB_NAME } from './express-server.ts';
import type { PouchDatabase, Replication } from './pouch.ts';
import { PouchDB, pouchFetch } from './pouch.ts';

const FIRST_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 60_000;

type Direction = 'push' | 'pull';
const DIRECTIONS: readonly Direction[] = ['push', 'pull'];

export interface ReplicationHost {
  /** Runs `fire` after `ms`; returns the cancel. */
  after(ms: number, fire: () => void): () => void;
  log(message: string): void;
}

export class LiveReplications {
  private readonly running = new Map<Direction, Replication>();
  private readonly retries = new Map<Direction, () => void>();
  private backoffMs = FIRST_BACKOFF_MS;
  private closed = false;
  /** Replications restarted after failing. */
  restarts = 0;

  constructor(
    private readonly local: PouchDatabase,
    private readonly remote: PouchDatabase,
    private readonly host: ReplicationHost,
  ) {}

  /** Online: both replications (re)start now. */
  online(): void {
    this.backoffMs = FIRST_BACKOFF_MS;
    for (const direction of DIRECTIONS) this.start(direction);
  }

  /** Offline: both stop. */
  offline(): void {
    for (const direction of DIRECTIONS) this.stop(direction);
  }

  close(): void {
    this.closed = true;
    this.offline();
  }

  private start(direction: Direction): void {
    if (this.closed || this.running.has(direction)) return;
    const options = { live: true, retry: false };
    const replication =
      direction === 'push'
        ? PouchDB.replicate(this.local, this.remote, options)
        : PouchDB.replicate(this.remote, this.local, options);
    replication.on('error', (error: Error) => this.failed(direction, replication, error));
    this.running.set(direction, replication);
  }

  private stop(direction: Direction): void {
    this.retries.get(direction)?.();
    this.retries.delete(direction);
    const replication = this.running.get(direction);
    this.running.delete(direction);
    replication?.cancel();
  }

  /** A replication stopped with an error: try again after a back-off while online. */
  private failed(direction: Direction, replication: Replication, error: Error): void {
    if (this.running.get(direction) !== replication) return; // already stopped on purpose
    this.running.delete(direction);
    if (this.closed) return;
    this.host.log(`${direction} replication failed: ${error.message}; retrying in ${this.backoffMs} ms`);
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
    this.retries.set(
      direction,
      this.host.after(delay, () => {
        this.retries.delete(direction);
        this.restarts++;
        this.start(direction);
      }),
    );
  }
}

/**
 * The server's database at `url` through PouchDB's HTTP adapter and its default fetch, with each
 * request body reported to `payload`.
 *
 * PouchDB's replicator asks the source for `info()` after every batch, only to update its
 * progress figures, and never handles that promise's failure (pouchdb-replication's
 * `finishBatch`): when the connection drops at that moment, Node reports an unhandled
 * rejection, which ends a Node process. The remote's `info` therefore answers a network failure
 * with an empty info; the replication itself still fails on its next request.
 */
export function remoteDatabase(
  url: string,
  payload: (bytes: number) => void,
  log: (m: string) => void,
): PouchDatabase {
  const fetch = (target: string, init?: { body?: unknown }): Promise<unknown> => {
    if (typeof init?.body === 'string') payload(Buffer.byteLength(init.body));
    return pouchFetch(target, init);
  };
  const remote = new PouchDB(url, { adapter: 'http', fetch });
  const info = remote.info.bind(remote);
  remote.info = () =>
    info().catch((error: Error) => {
      log(`remote info failed: ${error.message}`);
      return { db_name: DB_NAME, doc_count: 0, update_seq: 0 };
    });
  return remote;
}
