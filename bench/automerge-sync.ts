/**
 * What Automerge's sync messages carry: runs concurrent-edits on the Automerge engine, decodes
 * every message, and splits its bytes into changes and protocol (heads, needs, bloom filters).
 * `npm run bench:automerge-sync [-- seed scale scenario]`.
 */
import * as A from '@automerge/automerge';
import { automergeAdapter } from '../adapters/automerge/index.ts';
import { benchArguments, runWithProbe } from './probe-sends.ts';

const { seed, scale, scenario } = benchArguments('default');
let messages = 0;
let withoutChanges = 0;
let changeBytes = 0;
const result = await runWithProbe(
  automergeAdapter,
  (_from, _to, bytes) => {
    const { changes } = A.decodeSyncMessage(bytes);
    messages++;
    if (changes.length === 0) withoutChanges++;
    for (const change of changes) changeBytes += change.byteLength;
  },
  seed,
  scale,
  scenario,
);
const share = ((100 * changeBytes) / result.wire.bytes).toFixed(1);
console.log(
  `changes ${changeBytes} bytes (${share}%); messages ${messages}, ${withoutChanges} without any change`,
);
