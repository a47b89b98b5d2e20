// The reference client stores each text as a snapshot plus a log of events: a client restarted
// from its storage at any point must hold exactly the text state it had, and the log must stay
// within the snapshot's size (so persisting stays linear and what is stored bounded).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DurableStorage } from '../../src/contract/contract.ts';
import { ClientStore } from '../../src/engine/client-store.ts';
import { deleteAt, insertAt } from '../../src/engine/text-operation.ts';

function memoryStorage(): DurableStorage {
  const map = new Map<string, Uint8Array>();
  return {
    get: (k) => map.get(k),
    set: (k, v) => void map.set(k, v),
    delete: (k) => void map.delete(k),
    keys: () => [...map.keys()],
  };
}

const step = fc.oneof(
  fc.record({ type: fc.string({ minLength: 1, maxLength: 30 }), doc: fc.constantFrom('a', 'b/c') }),
  fc.record({ erase: fc.nat(), doc: fc.constantFrom('a', 'b/c') }),
  fc.record({ send: fc.constantFrom('a', 'b/c') }),
  fc.record({ ack: fc.constantFrom('a', 'b/c') }),
  fc.record({ remote: fc.string({ minLength: 1, maxLength: 8 }), doc: fc.constantFrom('a', 'b/c') }),
  fc.record({ reset: fc.string({ maxLength: 40 }), doc: fc.constantFrom('a', 'b/c') }),
  fc.constant({ restart: true }),
);

describe('ClientStore texts: snapshot and log', () => {
  it('a restart replays the log to the same state, and the log stays within the snapshot', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 120 }), (steps) => {
        const storage = memoryStorage();
        let store = new ClientStore(storage, 1);
        let n = 0;
        for (const s of steps) {
          if ('restart' in s) {
            // The same state, whatever order its keys were set in (a restored text may hold
            // `out` before `buf` where the live one set `buf` first).
            const state = (): unknown => JSON.parse(JSON.stringify([...store.texts]));
            const before = state();
            store = new ClientStore(storage, 1);
            expect(state()).toEqual(before);
            continue;
          }
          if ('type' in s) {
            const at = store.localText(s.doc).length;
            store.textEvent(s.doc, { e: 'edit', op: insertAt(at, s.type) });
          } else if ('erase' in s) {
            const length = store.localText(s.doc).length;
            if (length > 0) store.textEvent(s.doc, { e: 'edit', op: deleteAt(s.erase % length, 1) });
          } else if ('send' in s) {
            if (store.texts.has(s.send) && !store.texts.get(s.send)?.out)
              store.textEvent(s.send, { e: 'send', n: ++n });
          } else if ('ack' in s) {
            if (store.texts.has(s.ack)) store.textEvent(s.ack, { e: 'ack' });
          } else if ('remote' in s) {
            const sync = store.text(s.doc);
            store.textEvent(s.doc, { e: 'change', op: insertAt(0, s.remote), r: sync.rev + 1 });
          } else store.textEvent(s.doc, { e: 'reset', text: s.reset, r: store.text(s.doc).rev + 1 });
        }
        // Logs never hold more than their snapshot (or the 1 KiB floor) plus one entry.
        const bytes = (prefix: string): number =>
          storage
            .keys()
            .filter((k) => k.startsWith(prefix))
            .reduce((sum, k) => sum + (storage.get(k)?.byteLength ?? 0), 0);
        expect(bytes('tlog/')).toBeLessThanOrEqual(Math.max(bytes('text/'), 1024) * 2 + 1024);
      }),
    );
  });

  it('a long typing session is persisted in linear work: 20,000 keystrokes store about the text twice at most', () => {
    const storage = memoryStorage();
    let written = 0;
    const counting: DurableStorage = {
      ...storage,
      set: (k, v) => ((written += v.byteLength), storage.set(k, v)),
    };
    const store = new ClientStore(counting, 1);
    for (let i = 0; i < 20_000; i++) {
      store.textEvent('t', { e: 'edit', op: insertAt(i, 'x') });
      store.textEvent('t', { e: 'send', n: i + 1 });
      store.textEvent('t', { e: 'ack' });
    }
    expect(store.localText('t')).toBe('x'.repeat(20_000));
    const stored = storage.keys().reduce((sum, k) => sum + (storage.get(k)?.byteLength ?? 0), 0);
    expect(stored).toBeLessThan(2 * 20_000 + 2_048);
    // Whole-text write-through would write 20,000 × 10 kB on average (200 MB); the log writes a few MB.
    expect(written).toBeLessThan(5_000_000);
  });
});
