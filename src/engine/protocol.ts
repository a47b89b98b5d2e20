/**
 * The reference engine's messages (on the wire as positional MessagePack arrays, see `wire.ts`)
 * and its stored state (MessagePack too).
 *
 * A client opens every connection with `hello` (its id and the last sync id it has applied);
 * the server answers `welcome` with the client's last accepted transaction number, the
 * rejections it has not heard of, and the changes since its sync id, compacted (a record's
 * fields as they are now, text operations composed where nothing of the client's sits between
 * them). Then the client `push`es transactions in order, and the server sends every accepted
 * change to every client (`change`) and each rejection to its author (`reject`).
 */
import { decode, Encoder } from '@msgpack/msgpack';
import type { FieldValue, Fields, Subscription } from '../contract/contract.ts';
import type { Hlc } from './hlc.ts';
import type { TextOperation } from './text-operation.ts';

/** A field's value and the stamp of the write that set it. */
export type FieldState = readonly [FieldValue, Hlc];

/** A client's local change, as it sends it. */
export type Mutation =
  | {
      readonly k: 'create' | 'update';
      readonly c: string;
      readonly id: string;
      readonly f: Fields;
      readonly h: Hlc;
    }
  | { readonly k: 'delete'; readonly c: string; readonly id: string; readonly h: Hlc }
  /** A text operation on revision `r` of the document. */
  | { readonly k: 'text'; readonly d: string; readonly r: number; readonly op: TextOperation };

/** What an accepted change did to the server's state, as every client applies it. */
export type Effect =
  /** Fields of a record now hold these values (a record a client lacks comes into being). */
  | {
      readonly k: 'fields';
      readonly c: string;
      readonly id: string;
      readonly f: Readonly<Record<string, FieldState>>;
    }
  | { readonly k: 'deleted'; readonly c: string; readonly id: string }
  /** The record left the recipient's subscription: forget it (it was not deleted). */
  | { readonly k: 'gone'; readonly c: string; readonly id: string }
  /** The operation as the server applied it, producing revision `r`. */
  | { readonly k: 'text'; readonly d: string; readonly r: number; readonly op: TextOperation }
  /** Accepted, but every field it wrote had been overwritten by a later write already. */
  | { readonly k: 'none' };

export interface Change {
  readonly s: number;
  /** Author and transaction number, when one client's transaction caused it. */
  readonly o?: readonly [string, number];
  readonly e: Effect;
}

export type ClientMessage =
  /**
   * `n`: the client's last transaction whose outcome it knows; `tr`: the revision it holds of
   * each text; `q`: the slice it syncs, when partial.
   */
  | {
      readonly t: 'hello';
      readonly client: string;
      readonly s: number;
      readonly n: number;
      /** The schema version the client's application is at. */
      readonly v: number;
      readonly tr: Readonly<Record<string, number>>;
      readonly q?: Subscription;
    }
  | { readonly t: 'push'; readonly n: number; readonly m: Mutation };

export type ServerMessage =
  | {
      readonly t: 'welcome';
      /** The client's last transaction the server has processed. */
      readonly n: number;
      /** The client's rejected transactions it may not have heard of: `[n, reason]`. */
      readonly rj: readonly (readonly [number, string])[];
      readonly ch: readonly Change[];
      /** The server's sync id: the client is up to date with it after applying `ch`. */
      readonly s: number;
      /**
       * Texts sent whole (name, text, revision) because their kept history no longer reaches the
       * client's revision, when its records catch up by delta (a snapshot carries them otherwise).
       */
      readonly x?: readonly (readonly [string, string, number])[];
    }
  /**
   * Part of a snapshot, for a client the log cannot bring up to date (new, or behind the
   * compaction horizon): records as they are (`r`: collection, id, fields) and texts (`x`: name,
   * text, revision). Records the client has that no part lists are gone.
   */
  | {
      readonly t: 'snapshot';
      readonly first: boolean;
      readonly last: boolean;
      readonly r: readonly (readonly [string, string, Readonly<Record<string, FieldState>>])[];
      readonly x: readonly (readonly [string, string, number])[];
    }
  | { readonly t: 'change'; readonly ch: Change }
  | { readonly t: 'reject'; readonly n: number; readonly why: string }
  /** The client's schema version is older than the server still syncs with (`min`). */
  | { readonly t: 'upgrade'; readonly min: number }
  /**
   * Transaction `n` of the recipient was accepted as sync id `s` (text: producing revision `r`).
   * The author applies its own transaction to its confirmed state: over a FIFO connection it has
   * seen everything ordered before, so it reaches the server's result without the change itself.
   */
  | { readonly t: 'ack'; readonly s: number; readonly n: number; readonly r?: number };

/** Absent optional fields stay absent (not `nil`). */
const OPTIONS = { ignoreUndefined: true };

/** Encodes stored state (the engine persists with the same codec). */
export function encodeStored(value: unknown): Uint8Array {
  return storedEncoder.encode(value);
}

/**
 * One encoder for every save: msgpack's `encode` makes a new one, with a fresh 2 KiB buffer, per
 * call, which was a tenth of a keystroke's cost. `Encoder.encode` returns a copy, and a nested
 * call gets an encoder of its own, so sharing it is safe.
 */
const storedEncoder = new Encoder(OPTIONS);

/** A string longer than this is encoded by Node's native UTF-8 encoder (msgpack's counts in JS). */
const NATIVE_STRING_CHARS = 256;

/**
 * `encodeStored(value)` of an object, with its long strings (a client's whole text) written by
 * Node's native UTF-8 encoder: the same bytes, without msgpack counting a long text's bytes one
 * character at a time on every keystroke's save. Strings that are not well-formed UTF-16 (a lone
 * surrogate) go through msgpack as before.
 */
export function encodeStoredObject(value: object): Uint8Array {
  return concat(mapPieces(value));
}

/** One encoder for the pieces (`encode` would make one, with a fresh buffer, per call). */
const pieceEncoder = new Encoder(OPTIONS);
const encodePiece = (value: unknown): Uint8Array => pieceEncoder.encode(value);
/** Keys repeat on every save: their encodings are kept. */
const keyBytes = new Map<string, Uint8Array>();
function encodedKey(key: string): Uint8Array {
  let bytes = keyBytes.get(key);
  if (!bytes) {
    bytes = encodePiece(key);
    if (keyBytes.size < 1_000) keyBytes.set(key, bytes);
  }
  return bytes;
}

/** A map's header and each defined key's and value's encoding, long strings natively. */
function mapPieces(value: object): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  let count = 0;
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    count++;
    pieces.push(encodedKey(key));
    pieces.push(
      typeof v === 'string' && v.length > NATIVE_STRING_CHARS && wellFormed(v)
        ? nativeString(v)
        : encodePiece(v),
    );
  }
  return [mapHeader(count), ...pieces];
}

/** No lone surrogate (`String.prototype.isWellFormed`, in Node 20, not yet in TypeScript's lib here). */
const wellFormed = (text: string): boolean => (text as unknown as { isWellFormed(): boolean }).isWellFormed();

/** MessagePack's encoding of a string (str8, str16 or str32 header, then its UTF-8 bytes). */
function nativeString(text: string): Uint8Array {
  const length = Buffer.byteLength(text, 'utf8');
  const header =
    length < 0x20
      ? Uint8Array.of(0xa0 | length)
      : length < 0x100
        ? Uint8Array.of(0xd9, length)
        : length < 0x10000
          ? Uint8Array.of(0xda, length >> 8, length & 0xff)
          : Uint8Array.of(0xdb, length >>> 24, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff);
  const out = Buffer.allocUnsafe(header.byteLength + length);
  out.set(header, 0);
  out.write(text, header.byteLength, 'utf8');
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

export function decodeStored<T>(bytes: Uint8Array): T {
  return decode(bytes) as T;
}

function mapHeader(count: number): Uint8Array {
  if (count < 16) return Uint8Array.of(0x80 | count);
  if (count < 0x10000) return Uint8Array.of(0xde, count >> 8, count & 0xff);
  return Uint8Array.of(0xdf, count >>> 24, (count >> 16) & 0xff, (count >> 8) & 0xff, count & 0xff);
}

function concat(pieces: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of pieces) total += p.byteLength;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}
