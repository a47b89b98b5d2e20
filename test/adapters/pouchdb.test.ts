import { pouchdbAdapter } from '../../adapters/pouchdb/index.ts';
import { runConformanceSuite } from './conformance/conformance.ts';

runConformanceSuite(pouchdbAdapter);
