// Yjs on its real deployment stack (y-websocket's provider, @y/websocket-server, Node's http and
// ws over simulated sockets) passes the same conformance suite as every engine: partitions,
// offline edits, resets, client and server crashes, the same digest for the same seed.
import { describe, expect, it } from 'vitest';
import { yjsWebsocketAdapter } from '../../adapters/yjs/websocket.ts';
import { runConformanceSuite } from '../../src/conformance/conformance-suite.ts';

runConformanceSuite(yjsWebsocketAdapter, { describe, it, expect });
