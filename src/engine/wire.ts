/**
 * The reference engine's wire format: each message as a MessagePack array whose first element
 * says what it is, fields by position (no key names on the wire). `toWire` / `fromWire` map the
 * typed messages of `protocol.ts` to and from that shape. Compression is the network's
 * (`--compression deflate`: permessage-deflate), the same for every engine, not the engine's.
 */
import { decode, Encoder } from '@msgpack/msgpack';
import type { Fields } from '../contract/contract.ts';
import type { Hlc } from './hlc.ts';
import type { Change, ClientMessage, Effect, FieldState, Mutation, ServerMessage } from './protocol.ts';
import type { TextOperation } from './text-operation.ts';

type Wire = unknown[];

const MUTATION = ['create', 'update', 'delete', 'text'] as const;
const EFFECT = ['fields', 'deleted', 'text', 'none', 'gone'] as const;

function mutationToWire(m: Mutation): Wire {
  const kind = MUTATION.indexOf(m.k);
  if (m.k === 'text') return [kind, m.d, m.r, m.op];
  if (m.k === 'delete') return [kind, m.c, m.id, m.h];
  return [kind, m.c, m.id, m.f, m.h];
}

function mutationFromWire(w: Wire): Mutation {
  const kind = MUTATION[w[0] as number];
  if (kind === 'text') return { k: 'text', d: w[1] as string, r: w[2] as number, op: w[3] as TextOperation };
  if (kind === 'delete') return { k: 'delete', c: w[1] as string, id: w[2] as string, h: w[3] as Hlc };
  return { k: kind ?? 'update', c: w[1] as string, id: w[2] as string, f: w[3] as Fields, h: w[4] as Hlc };
}

function effectToWire(e: Effect): Wire {
  const kind = EFFECT.indexOf(e.k);
  switch (e.k) {
    case 'fields':
      return [kind, e.c, e.id, e.f];
    case 'deleted':
    case 'gone':
      return [kind, e.c, e.id];
    case 'text':
      return [kind, e.d, e.r, e.op];
    case 'none':
      return [kind];
  }
}

function effectFromWire(w: Wire): Effect {
  switch (EFFECT[w[0] as number]) {
    case 'fields':
      return { k: 'fields', c: w[1] as string, id: w[2] as string, f: w[3] as Record<string, FieldState> };
    case 'deleted':
      return { k: 'deleted', c: w[1] as string, id: w[2] as string };
    case 'gone':
      return { k: 'gone', c: w[1] as string, id: w[2] as string };
    case 'text':
      return { k: 'text', d: w[1] as string, r: w[2] as number, op: w[3] as TextOperation };
    default:
      return { k: 'none' };
  }
}

const changeToWire = (c: Change): Wire =>
  c.o ? [c.s, effectToWire(c.e), c.o[0], c.o[1]] : [c.s, effectToWire(c.e)];

function changeFromWire(w: Wire): Change {
  const e = effectFromWire(w[1] as Wire);
  return w.length > 2
    ? { s: w[0] as number, e, o: [w[2] as string, w[3] as number] }
    : { s: w[0] as number, e };
}

const MESSAGE = ['hello', 'push', 'welcome', 'change', 'reject', 'ack', 'snapshot', 'upgrade'] as const;

function toWire(m: ClientMessage | ServerMessage): Wire {
  const kind = MESSAGE.indexOf(m.t);
  switch (m.t) {
    case 'hello':
      return m.q
        ? [kind, m.client, m.s, m.n, m.v, m.tr, m.q.collection, m.q.where]
        : [kind, m.client, m.s, m.n, m.v, m.tr];
    case 'snapshot':
      return [kind, (m.first ? 1 : 0) | (m.last ? 2 : 0), m.r, m.x];
    case 'push':
      return [kind, m.n, mutationToWire(m.m)];
    case 'welcome':
      return m.x
        ? [kind, m.n, m.rj, m.ch.map(changeToWire), m.s, m.x]
        : [kind, m.n, m.rj, m.ch.map(changeToWire), m.s];
    case 'change':
      return [kind, changeToWire(m.ch)];
    case 'reject':
      return [kind, m.n, m.why];
    case 'upgrade':
      return [kind, m.min];
    case 'ack':
      return m.r === undefined ? [kind, m.s, m.n] : [kind, m.s, m.n, m.r];
  }
}

function fromWire(w: Wire): ClientMessage | ServerMessage {
  switch (MESSAGE[w[0] as number]) {
    case 'hello': {
      const hello = {
        t: 'hello',
        client: w[1] as string,
        s: w[2] as number,
        n: w[3] as number,
        v: w[4] as number,
        tr: w[5] as Record<string, number>,
      } as const;
      return w.length > 6 ? { ...hello, q: { collection: w[6] as string, where: w[7] as Fields } } : hello;
    }
    case 'upgrade':
      return { t: 'upgrade', min: w[1] as number };
    case 'snapshot': {
      const flags = w[1] as number;
      return {
        t: 'snapshot',
        first: (flags & 1) !== 0,
        last: (flags & 2) !== 0,
        r: w[2] as [string, string, Record<string, FieldState>][],
        x: w[3] as [string, string, number][],
      };
    }
    case 'push':
      return { t: 'push', n: w[1] as number, m: mutationFromWire(w[2] as Wire) };
    case 'welcome': {
      const welcome = {
        t: 'welcome',
        n: w[1] as number,
        rj: w[2] as [number, string][],
        ch: (w[3] as Wire[]).map(changeFromWire),
        s: w[4] as number,
      } as const;
      return w.length > 5 ? { ...welcome, x: w[5] as [string, string, number][] } : welcome;
    }
    case 'change':
      return { t: 'change', ch: changeFromWire(w[1] as Wire) };
    case 'reject':
      return { t: 'reject', n: w[1] as number, why: w[2] as string };
    case 'ack':
      return w.length > 3
        ? { t: 'ack', s: w[1] as number, n: w[2] as number, r: w[3] as number }
        : { t: 'ack', s: w[1] as number, n: w[2] as number };
    default:
      throw new Error(`unknown reference-engine message ${String(w[0])}`);
  }
}

export function encodeMessage(message: ClientMessage | ServerMessage): Uint8Array {
  return wireEncoder.encode(toWire(message));
}

export function decodeMessage<T extends ClientMessage | ServerMessage>(bytes: Uint8Array): T {
  return fromWire(decode(bytes) as Wire) as T;
}

/** One encoder for every message (msgpack's `encode` builds one, with a new buffer, per call). */
const wireEncoder = new Encoder();
