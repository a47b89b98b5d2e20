// Wire figures at three layers from a hand-made journal: a bare-message engine's sends are its
// payload and its framed bytes; a socket engine's sends are framed only, its payload reported.
import { describe, expect, it } from 'vitest';
import type { ReplicaRole } from '../../src/contract/contract.ts';
import { Journal } from '../../src/sim/journal.ts';
import { ipCostOfConnect, ipCostOfWrite } from '../../src/sim/ip-model.ts';
import { WireCounter, wireMetrics } from '../../src/runner/wire-metrics.ts';

const roles = new Map<string, ReplicaRole>([
  ['c1', 'client'],
  ['server', 'server'],
]);

function journal(): Journal {
  const j = new Journal();
  j.record(0, 'connect', 'c1', 'server', 0);
  // The socket stack opens a connection on it (an empty send, as SimSocket's opening message).
  j.send(0, 'c1', 'server', 0);
  // A 20 B payload in a 26 B frame up; the handshake head; a 100 B payload in a 102 B frame down.
  j.record(1, 'payload', 'c1', 'server', 20);
  j.send(1, 'c1', 'server', 26);
  j.enterPhase('later');
  j.send(2, 'server', 'c1', 129);
  j.record(3, 'payload', 'server', 'c1', 100);
  j.send(3, 'server', 'c1', 102);
  return j;
}

describe('wire metrics', () => {
  it('reads a socket engine: sends are framed, reported payloads are the payload', () => {
    const j = journal();
    const wire = wireMetrics(j.entries, roles, j.phases, { framing: 'socket', transport: 'stream' });
    expect([wire.bytes, wire.upBytes, wire.downBytes, wire.messages]).toEqual([120, 20, 100, 2]);
    expect([wire.framedBytes, wire.framedUpBytes, wire.framedDownBytes, wire.framedMessages]).toEqual([
      257, 26, 231, 3,
    ]);
    const later = wire.phases.find((p) => p.phase === 'later');
    expect([later?.bytes, later?.framedBytes]).toEqual([100, 231]);
  });

  it('reads a bare-message engine: each send is payload and framed alike', () => {
    const j = journal();
    const wire = wireMetrics(j.entries, roles, j.phases, { framing: 'messages', transport: 'stream' });
    expect([wire.bytes, wire.messages]).toEqual([257, 4]);
    expect(wire.framedBytes).toBe(257);
  });

  it('adds TLS records, TCP/IP headers, acknowledgements and the set-up of each connection the stack opens', () => {
    const j = journal();
    const wire = wireMetrics(j.entries, roles, j.phases, { framing: 'socket', transport: 'stream' });
    const [up, a, b] = [26, 129, 102].map((n) => ipCostOfWrite(n, 'stream'));
    const { opener, accepter } = ipCostOfConnect('stream');
    expect(wire.ipUpBytes).toBe(opener.bytes + accepter.ackBytes + up!.bytes + a!.ackBytes + b!.ackBytes);
    expect(wire.ipDownBytes).toBe(accepter.bytes + opener.ackBytes + up!.ackBytes + a!.bytes + b!.bytes);
    expect(wire.ipBytes).toBe(wire.ipUpBytes + wire.ipDownBytes);
    // Set-up: SYN, ACK and the client's flight (3) and its ACK; SYN-ACK and two segments of the
    // server's flight (3) and their ACK. Then three one-segment writes, each acknowledged.
    expect(wire.ipPackets).toBe(3 + 1 + (3 + 1) + 3 * (1 + 1));
  });

  it('counts the payload over time for the series', () => {
    const j = journal();
    const counter = new WireCounter(j.entries, 'socket');
    expect([counter.bytesUntil(1), counter.bytesUntil(2), counter.bytesUntil(3)]).toEqual([20, 20, 120]);
  });
});
