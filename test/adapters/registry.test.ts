// The built-in engines load lazily by name; each name must be the name its adapter gives itself.
import { describe, expect, it } from 'vitest';
import { builtInEngine, builtInEngines, ENGINE_NAMES, isBuiltInEngine } from '../../adapters/registry.ts';

describe('the engine registry', () => {
  it('loads each built-in under the name its adapter has', async () => {
    expect((await builtInEngines()).map((e) => e.name)).toEqual([...ENGINE_NAMES]);
    expect(await builtInEngine('no-such-engine')).toBeUndefined();
    expect(isBuiltInEngine('constructor')).toBe(false);
  });
});
