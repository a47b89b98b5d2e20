/**
 * What Automerge's sync messages carry: runs concurrent-edits on the Automerge engine (its real
 * automerge-repo stack), reads every WebSocket frame, decodes each sync message inside its CBOR
 * envelope, and splits the payload into changes and protocol (heads, needs, bloom filters, and
 * the envelope). `npm run bench:automerge-sync [-- seed scale scenario]`.
 */
import * as A from '@automerge/automerge';
import { cbor } from '@automerge/automerge-repo/slim';
import { automergeAdapter } from '../adapters/automerge/index.ts';
import { benchArguments, runWithProbe } from './probe-sends.ts';
import { readSocketWrite } from './ws-frames.ts';

const { seed, scale, scenario } = benchArguments('default');
let messages = 0;
let withoutChanges = 0;
let changeBytes = 0;
const result = await runWithProbe(
  automergeAdapter,
  (_from, _to, bytes) => {
    const write = readSocketWrite(bytes);
    if (write.kind !== 'frame' || write.opcode !== 2) return;
    const message = cbor.decode<{ type: string; data?: Uint8Array }>(write.payload);
    if (message.type !== 'sync' || !message.data) return;
    const { changes } = A.decodeSyncMessage(message.data);
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
  `changes ${changeBytes} bytes (${share}% of ${result.wire.bytes} payload bytes); sync messages ${messages}, ${withoutChanges} without any change`,
);
