// ShareDB on its deployed stack (its client Connection over reconnecting-websocket, its Backend
// behind ws) faces the same conformance suite as every engine. Under connection resets it does
// not converge: a subscribe query that resubscribes after a reconnect is not run again, so a
// record another client created while the connection was down never reaches the client
// (docs/findings.md, sharedb-resubscribe-misses-new-docs).
import { sharedbAdapter } from '../../adapters/sharedb/index.ts';
import { describe, expect, it } from 'vitest';
import { runConformanceSuite } from '../../src/conformance/conformance-suite.ts';

runConformanceSuite(
  sharedbAdapter,
  { describe, it, expect },
  {
    knownFindings: {
      'converges despite connection resets':
        'a subscribe query resubscribed after a reconnect misses the records created while it was away',
    },
  },
);
