import { pouchdbAdapter } from '../../adapters/pouchdb/index.ts';
import { describe, expect, it } from 'vitest';
import { runConformanceSuite } from '../../src/conformance/conformance-suite.ts';

runConformanceSuite(pouchdbAdapter, { describe, it, expect });
