import { tinybaseAdapter } from '../../adapters/tinybase/index.ts';
import { describe, expect, it } from 'vitest';
import { runConformanceSuite } from '../../src/conformance/conformance-suite.ts';

runConformanceSuite(tinybaseAdapter, { describe, it, expect });
