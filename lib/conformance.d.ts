export { runConformanceSuite } from '../src/conformance/conformance-suite.ts';
export type { TestFramework } from '../src/conformance/conformance-suite.ts';
