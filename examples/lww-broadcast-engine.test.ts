// The example engine's conformance test, written as a third-party author writes it: one file that
// hands the engine and vitest to the public `syncbench/conformance` suite.
import { runConformanceSuite } from 'syncbench/conformance';
import { describe, expect, it } from 'vitest';
import { lwwBroadcast } from './lww-broadcast-engine.js';

runConformanceSuite(lwwBroadcast, { describe, it, expect });
