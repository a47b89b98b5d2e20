// The reference client's queue of unacknowledged record transactions lives under one key per
// transaction. Whatever was queued, sent, settled or migrated, a client restarted from its storage
// must hold the same queue in the same order, each record's index must agree with the queue, and
// the cost of one op must not grow with the queue's length.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PendingQueue } from '../../src/engine/pending-queue.ts';
import type { Pending } from '../../src/engine/pending-queue.ts';
import { recordKey } from '../../src/engine/server-state.ts';
import { memoryStorage } from '../../src/runner/replica-host.ts';

const id = fc.constantFrom('a', 'b', 'c/d');
const step = fc.oneof(
  fc.record({ create: id, value: fc.integer() }),
  fc.record({ delete: id }),
  fc.record({ send: fc.nat() }),
  fc.record({ settle: fc.nat() }),
  fc.record({ decided: fc.nat({ max: 12 }) }),
  fc.constant({ migrate: true }),
  fc.constant({ restart: true }),
);

const plain = (queue: PendingQueue): Pending[] => [...queue].map((p) => ({ ...p }));

describe('PendingQueue', () => {
  it('survives a restart at any point with the same queue in order, and indexes each record', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 80 }), (steps) => {
        const storage = memoryStorage();
        let queue = new PendingQueue(storage);
        let n = 0;
        let h = 0;
        for (const s of steps) {
          const all = [...queue];
          if ('create' in s)
            queue.push({ k: 'create', c: 'tasks', id: s.create, f: { v: s.value }, h: [++h, 0, 'c1'] });
          else if ('delete' in s) queue.push({ k: 'delete', c: 'tasks', id: s.delete, h: [++h, 0, 'c1'] });
          else if ('send' in s) {
            const unsent = all.filter((p) => p.n === undefined);
            const p = unsent[s.send % Math.max(1, unsent.length)];
            if (p) queue.numbered(p, ++n);
          } else if ('settle' in s) {
            const p = all[s.settle % Math.max(1, all.length)];
            if (p) queue.remove(p);
          } else if ('decided' in s) queue.removeDecided(s.decided);
          else if ('migrate' in s)
            queue.migrate((m) => (m.k === 'delete' ? m : { ...m, f: { ...m.f, migrated: true } }));
          else {
            const before = plain(queue);
            queue = new PendingQueue(storage);
            expect(plain(queue)).toEqual(before);
          }
          for (const p of queue) if (p.n !== undefined) expect(queue.sent(p.n)).toBe(p);
          for (const key of ['a', 'b', 'c/d'].map((i) => recordKey('tasks', i)))
            expect(queue.of(key)).toEqual([...queue].filter((p) => recordKey(p.m.c, p.m.id) === key));
          expect(storage.keys().filter((k) => k.startsWith('pend/'))).toHaveLength(queue.size);
        }
        expect(plain(new PendingQueue(storage))).toEqual(plain(queue));
      }),
    );
  });

  it('writes only the transaction an op touches, however long the queue', () => {
    const storage = memoryStorage();
    let written = 0;
    const counting = {
      ...storage,
      set: (key: string, value: Uint8Array) => (written++, storage.set(key, value)),
    };
    const queue = new PendingQueue(counting);
    for (let i = 0; i < 10_000; i++)
      queue.push({ k: 'create', c: 'tasks', id: `r${i}`, f: { i }, h: [i, 0, 'c1'] });
    written = 0;
    const last = queue.push({ k: 'update', c: 'tasks', id: 'r5', f: { i: -1 }, h: [1e6, 0, 'c1'] });
    queue.numbered(last, 1);
    queue.remove(last);
    expect(written).toBe(2);
    expect(queue.of(recordKey('tasks', 'r5'))).toHaveLength(1);
  });
});
