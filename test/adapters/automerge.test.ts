import { automergeAdapter } from '../../adapters/automerge/index.ts';
import { describe, expect, it } from 'vitest';
import { runConformanceSuite } from '../../src/conformance/conformance-suite.ts';

runConformanceSuite(automergeAdapter, { describe, it, expect });
