import { automergeAdapter } from '../../adapters/automerge/index.ts';
import { runConformanceSuite } from './conformance/conformance.ts';

runConformanceSuite(automergeAdapter);
