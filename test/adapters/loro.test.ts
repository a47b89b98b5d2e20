import { loroAdapter } from '../../adapters/loro/index.ts';
import { describe, expect, it } from 'vitest';
import { runConformanceSuite } from '../../src/conformance/conformance-suite.ts';

runConformanceSuite(loroAdapter, { describe, it, expect });
