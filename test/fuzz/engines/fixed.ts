/** The test-only delta engine without bugs (see ../buggy-engine.ts), as an adapter module for the CLI. */
import { deltaEngine } from '../buggy-engine.ts';

export default deltaEngine();
