// The README's example engine, tested the way a third-party author would: through the public
// `syncbench/conformance` entry point.
import { runConformanceSuite } from 'syncbench/conformance';
import { describe, expect, it } from 'vitest';
import { lwwBroadcast } from '../../examples/lww-broadcast-engine.ts';

runConformanceSuite(lwwBroadcast, { describe, it, expect });
