import { describe, expect, it } from 'vitest';
import { createStopwatch } from '../../src/timing/stopwatch.ts';

describe('createStopwatch', () => {
  it('counts engine time once for nested calls and leaves out harness work done inside', () => {
    let t = 0;
    const watch = createStopwatch(() => t);
    watch.engine(() => {
      t += 5;
      watch.engine(() => (t += 3));
      watch.harness(() => (t += 4));
      t += 1;
    });
    t += 10;
    expect(watch.engineMs()).toBe(9);
    expect(watch.elapsedMs()).toBe(23);
    expect(watch.harness(() => 'outside')).toBe('outside');
    expect(watch.engineMs()).toBe(9);
  });

  it('counts the time an async engine takes to settle as engine time', async () => {
    let t = 0;
    const watch = createStopwatch(() => t);
    await watch.engineAsync(async () => {
      t += 2;
      await Promise.resolve();
      watch.harness(() => (t += 5));
      t += 3;
    });
    t += 1;
    expect(watch.engineMs()).toBe(5);
    expect(watch.elapsedMs()).toBe(11);
  });
});
