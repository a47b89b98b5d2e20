import { rxdbAdapter } from '../../adapters/rxdb/index.ts';
import { describe, expect, it } from 'vitest';
import { runConformanceSuite } from '../../src/conformance/conformance-suite.ts';

runConformanceSuite(rxdbAdapter, { describe, it, expect });
