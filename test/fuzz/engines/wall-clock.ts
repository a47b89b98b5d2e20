/** The test-only delta engine with the `wall-clock` bug (see ../buggy-engine.ts), as an adapter module for the CLI. */
import { deltaEngine } from '../buggy-engine.ts';

export default deltaEngine('wall-clock');
