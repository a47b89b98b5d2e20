// RxDB on its real deployment stack (the replication-websocket plugin's client and server over
// simulated sockets) faces the same conformance suite as every engine. Under connection resets it
// does not converge: a request whose connection drops before its answer arrives is never
// answered, failed or re-sent, and the client's replication waits for it for good
// (docs/findings.md; shown over real sockets in test/fidelity/rxdb-loopback.test.ts).
import { describe, expect, it } from 'vitest';
import { rxdbAdapter } from '../../adapters/rxdb/index.ts';
import { runConformanceSuite } from '../../src/conformance/conformance-suite.ts';

runConformanceSuite(
  rxdbAdapter,
  { describe, it, expect },
  {
    knownFindings: {
      'converges despite connection resets':
        "a request lost with its connection stalls RxDB's websocket replication for good",
    },
  },
);
