import { hocuspocusAdapter } from '../../adapters/yjs/hocuspocus.ts';
import { describe, expect, it } from 'vitest';
import { runConformanceSuite } from '../../src/conformance/conformance-suite.ts';

runConformanceSuite(hocuspocusAdapter, { describe, it, expect });
