/**
 * A CouchDB-compatible HTTP endpoint in-process, backed by the server replica's PouchDB: the
 * routes the CouchDB replication protocol uses (`/`, database info, `_local` checkpoints,
 * `_changes` with long polling and `_selector` filters, `_revs_diff`, `_bulk_docs`, `_bulk_get`,
 * single documents). Responses carry the headers CouchDB sends.
 */
import { VIRTUAL_EPOCH_MS } from '../../src/sim/virtual-runtime.ts';
import type { HttpRequest, HttpResponse } from './http-wire.ts';
import type { PouchDatabase } from './pouch.ts';

export const DB_NAME = 'db';

/** CouchDB's default long-poll timeout (`[chttpd] changes_timeout`), virtual ms, when no heartbeat is asked for. */
const LONGPOLL_TIMEOUT_MS = 60_000;

type Json = Record<string, unknown>;

interface LongPoll {
  readonly client: string;
  /** When the poll began (virtual ms), and CouchDB's heartbeat period for it, if any. */
  readonly since: number;
  readonly heartbeatMs: number | undefined;
  readonly params: URLSearchParams;
  readonly body: Json;
  readonly respond: (response: HttpResponse) => void;
  readonly cancelTimeout: () => void;
}

export interface CouchServerOptions {
  readonly db: PouchDatabase;
  /** CouchDB's server uuid, stable across restarts (replication ids are derived from it). */
  readonly uuid: string;
  readonly now: () => number;
  readonly after: (ms: number, fire: () => void) => () => void;
}

export class CouchHandler {
  private readonly longPolls = new Set<LongPoll>();
  /** Changes seen so far, so a long poll registered after a racing write still sees it. */
  private changeCount = 0;

  constructor(private readonly o: CouchServerOptions) {}

  /** Answers `request` from `client`; `respond` may be called later (long poll). */
  async handle(client: string, request: HttpRequest, respond: (r: HttpResponse) => void): Promise<void> {
    const url = new URL(request.target, 'http://server');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const body = request.body ? (JSON.parse(request.body) as Json) : {};
    try {
      if (parts.length === 0)
        return respond(this.json(200, { couchdb: 'Welcome', version: '3.3.3', uuid: this.o.uuid }));
      if (parts[0] !== DB_NAME)
        return respond(this.json(404, { error: 'not_found', reason: 'Database does not exist.' }));
      const [, first, ...rest] = parts;
      const db = this.o.db;
      if (first === undefined) {
        if (request.method === 'PUT')
          return respond(
            this.json(412, {
              error: 'file_exists',
              reason: 'The database could not be created, the file already exists.',
            }),
          );
        const info = await db.info();
        return respond(
          this.json(200, {
            db_name: DB_NAME,
            doc_count: info.doc_count,
            update_seq: info.update_seq,
            instance_start_time: '0',
          }),
        );
      }
      switch (first) {
        case '_local':
          return respond(await this.local(request.method, `_local/${rest.join('/')}`, body));
        case '_changes':
          return await this.changes(client, url.searchParams, body, respond);
        case '_revs_diff':
          return respond(this.json(200, await db.revsDiff(body)));
        case '_bulk_docs': {
          const results = (await db.bulkDocs(body)) as Json[];
          // With new_edits=false CouchDB reports only failures; with new edits, every result.
          const failed = results.filter((r) => 'error' in r);
          return respond(this.json(201, body.new_edits === false ? failed : results));
        }
        case '_bulk_get':
          return respond(
            this.json(
              200,
              await db.bulkGet({
                docs: body.docs as never,
                revs: url.searchParams.get('revs') === 'true',
                latest: url.searchParams.get('latest') === 'true',
              }),
            ),
          );
        default:
          return respond(await this.document([first, ...rest].join('/'), url.searchParams));
      }
    } catch (error) {
      respond(this.error(error));
    }
  }

  /** A change happened: answer the long polls that now have something to report. */
  async notify(): Promise<void> {
    this.changeCount++;
    for (const poll of [...this.longPolls]) {
      const result = await this.readChanges(poll.params, poll.body);
      if (result.results.length === 0 || !this.longPolls.has(poll)) continue;
      this.finish(poll, result);
    }
  }

  /** The client's connection dropped: its pending long polls go with it. */
  disconnected(client: string): void {
    for (const poll of [...this.longPolls]) {
      if (poll.client !== client) continue;
      poll.cancelTimeout();
      this.longPolls.delete(poll);
    }
  }

  close(): void {
    for (const poll of this.longPolls) poll.cancelTimeout();
    this.longPolls.clear();
  }

  private async local(method: string, id: string, body: Json): Promise<HttpResponse> {
    if (method === 'PUT') {
      const result = await this.o.db.put({ ...body, _id: id });
      return this.json(201, result);
    }
    return this.json(200, await this.o.db.get(id));
  }

  private async document(id: string, params: URLSearchParams): Promise<HttpResponse> {
    const options: Json = {};
    for (const [key, value] of params)
      options[key] = value === 'true' ? true : value === 'false' ? false : parseParam(value);
    return this.json(200, await this.o.db.get(id, options));
  }

  private async changes(
    client: string,
    params: URLSearchParams,
    body: Json,
    respond: (r: HttpResponse) => void,
  ): Promise<void> {
    const seen = this.changeCount;
    const result = await this.readChanges(params, body);
    if (result.results.length > 0 || params.get('feed') !== 'longpoll')
      return respond(this.json(200, result));
    // With a heartbeat CouchDB keeps the feed open indefinitely, writing a newline every period;
    // without one it answers empty after `timeout` (CouchDB's default: 60 s).
    const heartbeat = params.get('heartbeat');
    const timeout = params.get('timeout');
    const poll: LongPoll = {
      client,
      since: this.o.now(),
      heartbeatMs: heartbeat ? Number(heartbeat) : undefined,
      params,
      body,
      respond,
      cancelTimeout:
        heartbeat && !timeout
          ? () => {}
          : this.o.after(Number(timeout ?? LONGPOLL_TIMEOUT_MS), () => this.finish(poll, result)),
    };
    this.longPolls.add(poll);
    if (this.changeCount !== seen) await this.notify();
  }

  /** Answers a long poll; the heartbeat newlines CouchDB wrote while it waited come first. */
  private finish(poll: LongPoll, result: Json): void {
    poll.cancelTimeout();
    this.longPolls.delete(poll);
    const beats = poll.heartbeatMs ? Math.floor((this.o.now() - poll.since) / poll.heartbeatMs) : 0;
    poll.respond(this.json(200, result, '\n'.repeat(beats)));
  }

  private async readChanges(
    params: URLSearchParams,
    body: Json,
  ): Promise<{ results: unknown[]; last_seq: unknown }> {
    const options: Json = {
      since: parseParam(params.get('since') ?? '0'),
      style: params.get('style') ?? 'main_only',
      include_docs: params.get('include_docs') === 'true',
      conflicts: params.get('conflicts') === 'true',
      return_docs: true,
    };
    const limit = params.get('limit');
    if (limit !== null) options.limit = Number(limit);
    if (params.get('filter') === '_selector') options.selector = body.selector;
    if (params.get('filter') === '_doc_ids') options.doc_ids = body.doc_ids;
    const result = (await this.o.db.changes(options)) as { results: unknown[]; last_seq: unknown };
    return { results: result.results, last_seq: result.last_seq };
  }

  private json(status: number, value: unknown, prefix = ''): HttpResponse {
    return {
      status,
      headers: [
        ['Cache-Control', 'must-revalidate'],
        ['Content-Type', 'application/json'],
        ['Date', new Date(VIRTUAL_EPOCH_MS + this.o.now()).toUTCString()],
        ['Server', 'CouchDB/3.3.3 (Erlang OTP/25)'],
      ],
      body: `${prefix}${JSON.stringify(value)}\n`,
    };
  }

  private error(error: unknown): HttpResponse {
    const e = error as { status?: number; name?: string; message?: string; reason?: string };
    const status = typeof e.status === 'number' ? e.status : 500;
    return this.json(status, { error: e.name ?? 'error', reason: e.reason ?? e.message ?? String(error) });
  }
}

function parseParam(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
