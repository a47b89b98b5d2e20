// `syncbench/conformance`: the conformance suite every built-in engine passes, for third-party ones.
import './register-typescript.js';

const suite = await import('../src/conformance/conformance-suite.ts');

export const runConformanceSuite = suite.runConformanceSuite;
