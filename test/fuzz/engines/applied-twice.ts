/** The test-only delta engine with the `applied-twice` bug (see ../buggy-engine.ts), as an adapter module for the CLI. */
import { deltaEngine } from '../buggy-engine.ts';

export default deltaEngine('applied-twice');
