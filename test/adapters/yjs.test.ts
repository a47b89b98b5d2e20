import { yjsAdapter } from '../../adapters/yjs/index.ts';
import { describe, expect, it } from 'vitest';
import { runConformanceSuite } from '../../src/conformance/conformance-suite.ts';

runConformanceSuite(yjsAdapter, { describe, it, expect });
