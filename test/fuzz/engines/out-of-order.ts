/** The test-only delta engine with the `out-of-order` bug (see ../buggy-engine.ts), as an adapter module for the CLI. */
import { deltaEngine } from '../buggy-engine.ts';

export default deltaEngine('out-of-order');
