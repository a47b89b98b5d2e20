// Registers tsx's loader once per process, so the package's TypeScript sources import natively.
import { register } from 'tsx/esm/api';

const KEY = Symbol.for('syncbench.tsx-registered');
if (!globalThis[KEY]) {
  register();
  globalThis[KEY] = true;
}
