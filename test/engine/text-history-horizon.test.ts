// The reference server keeps the last TEXT_HISTORY operations of each text. A client that was
// offline for longer comes back with work made on a revision the server can no longer transform
// from: the server sends the text whole, and the client rebases its offline work onto it. Found
// at `offline-weeks --scale large` (a laptop offline for five weeks), where the whole text was
// dropped from the welcome and every offline keystroke was refused for good.
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/contract/canonical.ts';
import { TEXT_HISTORY } from '../../src/engine/server-state.ts';
import { World } from './world.ts';

const insert = (world: World, client: string, index: number, text: string): void => {
  world.tick();
  expect(world.replica(client).apply({ kind: 'textInsert', doc: 'doc', index, text })).toEqual({
    status: 'applied',
  });
};

describe('reference engine: a client offline past the kept text history', () => {
  for (const sentBefore of [false, true])
    it(`keeps its offline typing and converges${sentBefore ? ' (with an operation sent just before it dropped)' : ''}`, () => {
      const world = new World();
      for (const c of ['c1', 'c2', 'c3'] as const) world.connect(c);
      insert(world, 'c1', 0, 'base ');
      world.settle();
      if (sentBefore) {
        insert(world, 'c1', 5, '{c1.sent}');
        world.deliver('c1', 'up', 1); // it reaches the server, the acknowledgement does not come back
      }
      world.disconnect('c1');
      insert(world, 'c1', 0, '{c1.offline-a}');
      insert(world, 'c1', 0, '{c1.offline-b}');
      for (let i = 0; i < TEXT_HISTORY + 50; i++) {
        insert(world, 'c2', 0, 'x');
        for (const [c, direction] of [
          ['c2', 'up'],
          ['c2', 'down'],
          ['c3', 'down'],
        ] as const)
          world.deliver(c, direction, 10);
      }
      world.settle();
      const server = canonicalJson(world.replica('server').snapshot());
      for (const c of ['c1', 'c2', 'c3']) expect(canonicalJson(world.replica(c).snapshot()), c).toBe(server);
      const text = world.replica('server').read({ kind: 'text', doc: 'doc' }) as string;
      for (const token of ['{c1.offline-a}', '{c1.offline-b}', ...(sentBefore ? ['{c1.sent}'] : [])])
        expect(text.split(token).length - 1, token).toBe(1);
    });
});
