// For a checkout of the sources: registers tsx (both module systems) and the `syncbench-source`
// export condition, so `syncbench/adapter` and friends resolve to the TypeScript sources that the
// CLI runs, not to a compiled dist/ that may be stale or absent. The package never loads this.
import { register } from 'node:module';
import { register as registerEsm } from 'tsx/esm/api';
import { register as registerCjs } from 'tsx/cjs/api';

const conditions = `export async function resolve(specifier, context, next) {
  return next(specifier, { ...context, conditions: [...context.conditions, 'syncbench-source'] });
}`;
register(`data:text/javascript,${encodeURIComponent(conditions)}`);
registerEsm();
registerCjs();
globalThis[Symbol.for('syncbench.tsx-registered')] = true;
