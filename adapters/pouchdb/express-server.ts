/**
 * PouchDB's real server stack: `express-pouchdb` 4.2 (the HTTP layer of `pouchdb-server`) in its
 * `minimumForPouchDB` mode, the routes PouchDB's replication uses, in front of a PouchDB. The
 * simulator's server replica and the loopback fidelity harness both build it here.
 *
 * express-pouchdb's database routes report the moment their module loaded as the server's
 * `instance_start_time`; it loads here as if at the virtual epoch, so a run does not depend on
 * the wall clock (the value's length, and so the figures, would not move either way).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { Compression } from '../../src/contract/contract.ts';
import { VIRTUAL_EPOCH_MS } from '../../src/sim/virtual-runtime.ts';

const require = createRequire(import.meta.url);

/** The database every client replicates with. */
export const DB_NAME = 'db';

/** Loads a module whose top level reads `new Date()` as if at `ms` (allow-wallclock: it pins the clock, it does not read it). */
function loadedAt(ms: number, path: string): void {
  const RealDate = Date;
  class LoadTime extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(ms);
      else super(...(args as [string]));
    }
  }
  globalThis.Date = LoadTime as DateConstructor;
  try {
    require(path);
  } finally {
    globalThis.Date = RealDate;
  }
}
loadedAt(VIRTUAL_EPOCH_MS, 'express-pouchdb/lib/routes/db.js');

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
interface ExpressLayer {
  readonly name: string;
}
/** The part of an express app used here. */
export interface ExpressApp {
  (req: IncomingMessage, res: ServerResponse): void;
  use(middleware: Middleware): void;
  readonly _router: { stack: ExpressLayer[] };
}
const expressPouchDB = require('express-pouchdb') as (PouchDB: unknown, options: unknown) => ExpressApp;

function sizeOf(chunk: unknown, encoding: unknown): number {
  if (typeof chunk === 'string')
    return Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  return chunk instanceof Uint8Array ? chunk.byteLength : 0;
}

/**
 * express-pouchdb serving `Pouch`'s databases. It gzips responses (its `compression` middleware)
 * only under `deflate`. `payload` hears each response body as the routes write it, before gzip:
 * a middleware placed right after gzip's wraps what the routes call.
 */
export function pouchdbServerApp(
  Pouch: unknown,
  compression: Compression,
  payload: (req: IncomingMessage, bytes: number) => void,
): ExpressApp {
  const gzip = compression === 'deflate';
  const app = expressPouchDB(Pouch, {
    mode: 'minimumForPouchDB',
    inMemoryConfig: true,
    overrideMode: { exclude: gzip ? [] : ['compression'] },
  });
  app.use((req, res, next) => {
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    const count = (chunk: unknown, encoding: unknown): void => {
      const bytes = sizeOf(chunk, encoding);
      if (bytes > 0) payload(req, bytes);
    };
    res.write = ((chunk: unknown, ...rest: unknown[]) => (
      count(chunk, rest[0]),
      write(chunk, ...rest)
    )) as never;
    res.end = ((chunk?: unknown, ...rest: unknown[]) => (
      count(chunk, rest[0]),
      end(chunk, ...rest)
    )) as never;
    next();
  });
  const stack = app._router.stack;
  const counter = stack.pop() as ExpressLayer;
  stack.splice(stack.findIndex((layer) => layer.name === 'compression') + 1, 0, counter);
  return app;
}
