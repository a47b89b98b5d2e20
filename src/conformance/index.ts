/**
 * `syncbench/conformance`: the conformance suite every built-in engine passes, for third-party
 * engines: `runConformanceSuite(adapter, { describe, it, expect })` in one test file.
 *
 * @packageDocumentation
 */
export type { ConformanceOptions, TestFramework } from './conformance-suite.ts';
export { runConformanceSuite } from './conformance-suite.ts';
