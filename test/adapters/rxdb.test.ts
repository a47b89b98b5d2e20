import { rxdbAdapter } from '../../adapters/rxdb/index.ts';
import { runConformanceSuite } from './conformance/conformance.ts';

runConformanceSuite(rxdbAdapter);
