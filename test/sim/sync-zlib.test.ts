// The synchronous raw deflate/inflate streams a simulated run gives `ws` must produce exactly the
// bytes Node's own (thread-pool) streams produce for the same messages and flushes, keeping the
// compressor's state from one message to the next, as permessage-deflate's context takeover does.
import zlib from 'node:zlib';
import { afterEach, expect, it } from 'vitest';
import { useSynchronousZlib } from '../../src/sim/sync-zlib.ts';

afterEach(() => void useSynchronousZlib(false));

const messages = Array.from({ length: 30 }, (_, i) =>
  Buffer.from(JSON.stringify({ id: `doc-${i}`, text: 'hello sync world '.repeat(i * 7), n: i })),
);

type Stream = {
  write(b: Buffer): unknown;
  flush(kind: number, cb: () => void): void;
  on(e: string, f: (b: Buffer) => void): unknown;
};

/** Each message deflated with a sync flush, the way ws's permessage-deflate sends one. */
async function deflateEach(stream: Stream): Promise<Buffer[]> {
  let chunks: Buffer[] = [];
  stream.on('data', (b) => chunks.push(b));
  const out: Buffer[] = [];
  for (const m of messages) {
    stream.write(m);
    await new Promise<void>((resolve) => stream.flush(zlib.constants.Z_SYNC_FLUSH, resolve));
    out.push(Buffer.concat(chunks));
    chunks = [];
  }
  return out;
}

it('deflates message after message to the same bytes as Node’s stream, with context takeover', async () => {
  const real = await deflateEach(zlib.createDeflateRaw({ windowBits: 15 }));
  useSynchronousZlib(true);
  const sync = await deflateEach(zlib.createDeflateRaw({ windowBits: 15 }));
  expect(sync.map((b) => b.toString('hex'))).toEqual(real.map((b) => b.toString('hex')));
  // Later messages refer back to earlier ones: smaller than deflating each alone.
  const total = (sizes: number[]): number => sizes.reduce((a, b) => a + b, 0);
  const alone = total(messages.map((m) => zlib.deflateRawSync(m).byteLength + 4));
  expect(total(sync.map((b) => b.byteLength))).toBeLessThan(alone * 0.8);
});

it('inflates them back, and reports corrupt input as an error event, not a throw', async () => {
  useSynchronousZlib(true);
  const deflated = await deflateEach(zlib.createDeflateRaw({ windowBits: 15 }));
  const inflate = zlib.createInflateRaw({ windowBits: 15 }) as unknown as Stream;
  let chunks: Buffer[] = [];
  inflate.on('data', (b) => chunks.push(b));
  for (const [i, d] of deflated.entries()) {
    inflate.write(d);
    await new Promise<void>((resolve) => inflate.flush(zlib.constants.Z_FULL_FLUSH, resolve));
    expect(Buffer.concat(chunks).equals(messages[i] as Buffer)).toBe(true);
    chunks = [];
  }
  const broken = zlib.createInflateRaw() as unknown as Stream;
  const failed = new Promise<unknown>((resolve) => broken.on('error', resolve));
  expect(() => broken.write(Buffer.from([0xff, 0xff, 0xff, 0xff]))).not.toThrow();
  expect(await failed).toBeInstanceOf(Error);
});

it('leaves Node’s own streams in place outside a run', () => {
  expect(zlib.createDeflateRaw()).toBeInstanceOf(zlib.DeflateRaw);
  useSynchronousZlib(true);
  expect(zlib.createDeflateRaw()).not.toBeInstanceOf(zlib.DeflateRaw);
});

/** A stream's output for `chunks` written then ended, collected through a pipe. */
async function through(stream: NodeJS.ReadWriteStream, chunks: readonly Buffer[]): Promise<Buffer> {
  const out: Buffer[] = [];
  stream.on('data', (b: Buffer) => out.push(b));
  const ended = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  for (const c of chunks) stream.write(c);
  stream.end();
  await ended;
  return Buffer.concat(out);
}

it('gzips a streamed response to the same bytes as Node’s gzip, and gunzips it as node-fetch does', async () => {
  const realGzip = await through(zlib.createGzip(), messages);
  useSynchronousZlib(true);
  const gzip = zlib.createGzip();
  expect(gzip).not.toBeInstanceOf(zlib.Gzip);
  const syncGzip = await through(gzip, messages);
  expect(syncGzip.toString('hex')).toBe(realGzip.toString('hex'));
  // node-fetch's options; the gzipped body arrives in pieces, as TCP delivers it.
  const options = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  const pieces = [syncGzip.subarray(0, 7), syncGzip.subarray(7, 300), syncGzip.subarray(300)];
  expect((await through(zlib.createGunzip(options), pieces)).toString()).toBe(
    Buffer.concat(messages).toString(),
  );
  useSynchronousZlib(false);
  expect(zlib.createGzip()).toBeInstanceOf(zlib.Gzip);
});

it('fails a corrupt gzip body with zlib’s error, as Node’s gunzip does', async () => {
  useSynchronousZlib(true);
  const corrupt = Buffer.from('1f8b0800000000000003ffffffffffff', 'hex');
  await expect(through(zlib.createGunzip(), [corrupt])).rejects.toThrow();
});
