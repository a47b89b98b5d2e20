/**
 * Raw deflate and inflate streams that finish their work synchronously, for stacks that compress
 * inside a simulated run (`ws`'s permessage-deflate). Node's zlib streams finish each write and
 * flush on the thread pool, at a moment the simulator cannot order against its events; these do
 * the same zlib work on the calling thread, with the same compressor state kept from message to
 * message (context takeover), so they produce the same bytes, and their flush callbacks run on
 * `process.nextTick`, which the harness drains after every event.
 *
 * Inside a virtual runtime (`useSynchronousZlib(true)`), `zlib.createDeflateRaw` and
 * `zlib.createInflateRaw` return them; outside, the real streams. Only the parts `ws` uses exist:
 * `write`, `flush`, `reset`, `close`, and `'data'`/`'error'` events.
 */
import { EventEmitter } from 'node:events';
import { syncBuiltinESMExports } from 'node:module';
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

let synchronous = false;
/** A factory that makes Node's stream, wrapped while a run is on. */
function switching(
  real: (options?: zlib.ZlibOptions) => zlib.DeflateRaw | zlib.InflateRaw,
): PropertyDescriptor {
  return {
    configurable: true,
    enumerable: true,
    value: (options?: zlib.ZlibOptions) => {
      const stream = real(options);
      return synchronous ? new SynchronousZlib(stream as unknown as ZlibInternals) : stream;
    },
  };
}
// zlib's factories are read-only but configurable properties.
Object.defineProperties(zlib, {
  createDeflateRaw: switching(zlib.createDeflateRaw),
  createInflateRaw: switching(zlib.createInflateRaw),
});
syncBuiltinESMExports();

/** Switches `zlib.createDeflateRaw`/`createInflateRaw` to the synchronous streams (inside a run) or back. */
export function useSynchronousZlib(on: boolean): boolean {
  const before = synchronous;
  synchronous = on;
  return before;
}
