/**
 * zlib streams that finish their work synchronously, for stacks that compress inside a simulated
 * run: `ws`'s permessage-deflate (raw deflate and inflate) and HTTP gzip (express's `compression`
 * middleware gzips responses, node-fetch gunzips them). Node's zlib streams finish each write and
 * flush on the thread pool, at a moment the simulator cannot order against its events; these do
 * the same zlib work on the calling thread, with the same compressor state kept from message to
 * message (context takeover), so they produce the same bytes, and their callbacks run on
 * `process.nextTick`, which the harness drains after every event.
 *
 * Inside a virtual runtime (`useSynchronousZlib(true)`), `zlib.createDeflateRaw` and
 * `zlib.createInflateRaw` return the raw ones, of which only the parts `ws` uses exist (`write`,
 * `flush`, `reset`, `close`, and `'data'`/`'error'` events), and `zlib.createGzip`,
 * `createGunzip`, `createDeflate` and `createInflate` return full `Transform` streams (piped,
 * ended, flushed); outside, the real streams.
 */
import { EventEmitter } from 'node:events';
import { syncBuiltinESMExports } from 'node:module';
import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import zlib from 'node:zlib';

/** The zlib stream internals that `zlib`'s own synchronous functions use. */
interface ZlibInternals {
  _handle: {
    writeSync(
      flush: number,
      input: Buffer,
      inOff: number,
      inLen: number,
      out: Buffer,
      outOff: number,
      outLen: number,
    ): void;
  } | null;
  _writeState: Uint32Array;
  _outBuffer: Buffer;
  _outOffset: number;
  _chunkSize: number;
  reset(): void;
  close(): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

const EMPTY = Buffer.alloc(0);

/**
 * Runs `chunk` through the compressor with `flush`, as Node's `processChunkSync` does, but keeps
 * the stream open for the next message.
 */
function processChunk(z: ZlibInternals, chunk: Buffer, flush: number): Buffer[] {
  const state = z._writeState;
  const chunkSize = z._chunkSize;
  let buffer = z._outBuffer;
  let offset = z._outOffset;
  let availInBefore = chunk.byteLength;
  let availOutBefore = chunkSize - offset;
  let inOff = 0;
  const out: Buffer[] = [];
  for (;;) {
    const handle = z._handle;
    // Closed: zlib failed on bad input (and emits the error itself), or the stream was closed.
    if (!handle) return out;
    handle.writeSync(flush, chunk, inOff, availInBefore, buffer, offset, availOutBefore);
    if (!z._handle) return out;
    const availOutAfter = state[0] ?? 0;
    const availInAfter = state[1] ?? 0;
    const have = availOutBefore - availOutAfter;
    if (have > 0) {
      out.push(Buffer.from(buffer.subarray(offset, offset + have)));
      offset += have;
    }
    if (availOutAfter === 0 || offset >= chunkSize) {
      availOutBefore = chunkSize;
      offset = 0;
      buffer = Buffer.allocUnsafe(chunkSize);
    }
    if (availOutAfter !== 0) break;
    inOff += availInBefore - availInAfter;
    availInBefore = availInAfter;
  }
  z._outBuffer = buffer;
  z._outOffset = offset;
  return out;
}

class SynchronousZlib extends EventEmitter {
  /** Read by `ws` after an inflate flush; a permessage-deflate stream never ends. */
  readonly _readableState = { endEmitted: false };
  private failed = false;

  constructor(private readonly z: ZlibInternals) {
    super();
    // zlib reports bad input by destroying the stream, which emits the error a tick later.
    z.on('error', (error) => {
      this.failed = true;
      this.emit('error', error);
    });
  }

  write(chunk: Buffer | Uint8Array | string): boolean {
    // A stream takes strings (as UTF-8) and any byte view; the binding only Buffers.
    const bytes =
      typeof chunk === 'string'
        ? Buffer.from(chunk, 'utf8')
        : Buffer.isBuffer(chunk)
          ? chunk
          : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.run(bytes, zlib.constants.Z_NO_FLUSH);
    return true;
  }

  flush(kind?: number | (() => void), callback?: () => void): void {
    const done = typeof kind === 'function' ? kind : callback;
    this.run(EMPTY, typeof kind === 'number' ? kind : zlib.constants.Z_FULL_FLUSH);
    // A failed stream reports its error instead, as Node's does.
    if (done && !this.failed) process.nextTick(done);
  }

  reset(): void {
    this.z.reset();
  }

  close(): void {
    this.z.close();
  }

  private run(chunk: Buffer, flush: number): void {
    if (this.failed) return;
    const out = processChunk(this.z, chunk, flush);
    if (!this.z._handle) this.failed = true;
    for (const buffer of out) this.emit('data', buffer);
  }
}

/** A whole-stream gzip, gunzip, deflate or inflate: each write with the stream's flush kind, the end with its finish kind. */
class SynchronousZlibTransform extends Transform {
  private readonly writeFlush: number;
  private readonly finishFlush: number;

  constructor(
    private readonly z: ZlibInternals,
    options: zlib.ZlibOptions = {},
  ) {
    super();
    this.writeFlush = options.flush ?? zlib.constants.Z_NO_FLUSH;
    this.finishFlush = options.finishFlush ?? zlib.constants.Z_FINISH;
    z.on('error', (error) => this.destroy(error));
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.run(chunk, this.writeFlush);
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.run(EMPTY, this.finishFlush);
    this.z.close();
    callback();
  }

  /** What is buffered goes out now (express's `res.flush()`). */
  flush(kind?: number | (() => void), callback?: () => void): void {
    const done = typeof kind === 'function' ? kind : callback;
    this.run(EMPTY, typeof kind === 'number' ? kind : zlib.constants.Z_FULL_FLUSH);
    if (done) process.nextTick(done);
  }

  private run(chunk: Buffer, flush: number): void {
    for (const buffer of processChunk(this.z, chunk, flush)) this.push(buffer);
  }
}

let synchronous = false;
type Factory = (options?: zlib.ZlibOptions) => unknown;
/** A factory that makes Node's stream, wrapped while a run is on. */
function switching(
  real: Factory,
  wrap: (z: ZlibInternals, options?: zlib.ZlibOptions) => unknown,
): PropertyDescriptor {
  return {
    configurable: true,
    enumerable: true,
    value: (options?: zlib.ZlibOptions) => {
      const stream = real(options);
      return synchronous ? wrap(stream as ZlibInternals, options) : stream;
    },
  };
}
const raw = (z: ZlibInternals): unknown => new SynchronousZlib(z);
const whole = (z: ZlibInternals, options?: zlib.ZlibOptions): unknown =>
  new SynchronousZlibTransform(z, options);
// zlib's factories are read-only but configurable properties.
Object.defineProperties(zlib, {
  createDeflateRaw: switching(zlib.createDeflateRaw, raw),
  createInflateRaw: switching(zlib.createInflateRaw, raw),
  createGzip: switching(zlib.createGzip, whole),
  createGunzip: switching(zlib.createGunzip, whole),
  createDeflate: switching(zlib.createDeflate, whole),
  createInflate: switching(zlib.createInflate, whole),
});
syncBuiltinESMExports();

/** Switches zlib's stream factories to the synchronous streams (inside a run) or back. */
export function useSynchronousZlib(on: boolean): boolean {
  const before = synchronous;
  synchronous = on;
  return before;
}
