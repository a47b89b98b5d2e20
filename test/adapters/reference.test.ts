import { describe, expect, it } from 'vitest';
import { referenceAdapter } from '../../adapters/reference/index.ts';
import { runConformanceSuite } from '../../src/conformance/conformance-suite.ts';

runConformanceSuite(referenceAdapter, { describe, it, expect });
