import { yjsAdapter } from '../../adapters/yjs/index.ts';
import { runConformanceSuite } from './conformance/conformance.ts';

runConformanceSuite(yjsAdapter);
