// Automerge on its real deployment stack (automerge-repo Repos, its WebSocket network adapters,
// its storage subsystem, over simulated sockets) faces the same conformance suite as every engine.
// The suite's resets fixture (seed 42, 5 % of messages reset until 30 s) converges since each
// message's fate is drawn by its index on its link; with the earlier shared draws it hit
// automerge-repo's sync loop (automerge-repo PR #368, docs/findings.md), which the fuzz case
// test/fuzz/cases/automerge-reset-sync-loop.json and `flaky-mobile` at --scale ci still show.
import { describe, expect, it } from 'vitest';
import { automergeAdapter } from '../../adapters/automerge/index.ts';
import { runConformanceSuite } from '../../src/conformance/conformance-suite.ts';

runConformanceSuite(automergeAdapter, { describe, it, expect });
