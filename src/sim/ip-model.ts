/**
 * What a deployment pays below the socket: an estimate of the bytes on the IP network for what
 * each replica writes to its socket. The model, stated so a reader can check it:
 *
 * - **stream** (a WebSocket or HTTP connection over TLS 1.3 and TCP/IPv4):
 *   - every socket write is one TLS record per 16 KiB of it, each with 22 B of record overhead
 *     (5 B header, 1 B inner content type, 16 B AEAD tag), as Node's `tls` writes them;
 *   - the records go in TCP segments of at most 1,448 B (a 1,500 B MTU less 52 B of headers), and
 *     each segment carries 52 B of headers: IPv4 20 B, TCP 20 B, the timestamp option 12 B;
 *   - the receiver acknowledges every second segment of a write (delayed ACKs), at least once
 *     per write: 52 B pure ACKs in the other direction (an ACK piggybacked on a reply is not
 *     modelled, which overcounts small request-reply exchanges by one ACK each);
 *   - each connection costs a TCP handshake (SYN 60 B and SYN-ACK 60 B with their options, ACK
 *     52 B) and a full TLS 1.3 handshake: 454 B from the client and 2,071 B from the server
 *     (ServerHello to Finished with a two-certificate P-256 chain, then two session tickets),
 *     each flight in full segments. A closing handshake is not modelled (a simulated connection
 *     ends by a reset or a partition, which sends nothing);
 * - **datagram** (mesh peers over UDP/IPv4): 28 B of UDP and IP headers per datagram, no
 *   encryption or acknowledgement modelled.
 *
 * The TLS figures were measured with Node's `tls` over loopback, and a test keeps comparing the
 * record overhead and the handshake sizes with it.
 */
import type { Transport } from './network.ts';

export const TLS_RECORD_PLAINTEXT = 16_384;
export const TLS_RECORD_OVERHEAD = 22;
export const TCP_MSS = 1_448;
export const TCP_IP_HEADERS = 52;
export const TCP_SYN_BYTES = 60;
export const TLS_HANDSHAKE_CLIENT_BYTES = 454;
export const TLS_HANDSHAKE_SERVER_BYTES = 2_071;
export const UDP_IP_HEADERS = 28;

/** IP-level bytes and packets one way, and the acknowledgements they cause the other way. */
export interface IpCost {
  readonly bytes: number;
  readonly packets: number;
  readonly ackBytes: number;
  readonly ackPackets: number;
}

/** Bytes of the TLS records that carry one socket write of `bytes`. */
export function tlsBytes(bytes: number): number {
  return bytes + TLS_RECORD_OVERHEAD * Math.max(1, Math.ceil(bytes / TLS_RECORD_PLAINTEXT));
}

function segmented(bytes: number): IpCost {
  const packets = Math.max(1, Math.ceil(bytes / TCP_MSS));
  const ackPackets = Math.ceil(packets / 2);
  return {
    bytes: bytes + TCP_IP_HEADERS * packets,
    packets,
    ackBytes: TCP_IP_HEADERS * ackPackets,
    ackPackets,
  };
}

/** The IP cost of one socket write (stream) or one datagram of `bytes`. */
export function ipCostOfWrite(bytes: number, transport: Transport): IpCost {
  if (transport === 'datagram')
    return { bytes: bytes + UDP_IP_HEADERS, packets: 1, ackBytes: 0, ackPackets: 0 };
  return segmented(tlsBytes(bytes));
}

/** The IP cost of opening one connection, from the side that opens it and from the side that accepts. */
export function ipCostOfConnect(transport: Transport): {
  readonly opener: IpCost;
  readonly accepter: IpCost;
} {
  const none: IpCost = { bytes: 0, packets: 0, ackBytes: 0, ackPackets: 0 };
  if (transport === 'datagram') return { opener: none, accepter: none };
  const hello = segmented(TLS_HANDSHAKE_CLIENT_BYTES);
  const flight = segmented(TLS_HANDSHAKE_SERVER_BYTES);
  return {
    // SYN, the handshake's final ACK, then the client's TLS flights.
    opener: {
      bytes: TCP_SYN_BYTES + TCP_IP_HEADERS + hello.bytes,
      packets: 2 + hello.packets,
      ackBytes: hello.ackBytes,
      ackPackets: hello.ackPackets,
    },
    // SYN-ACK, then the server's TLS flight and tickets.
    accepter: {
      bytes: TCP_SYN_BYTES + flight.bytes,
      packets: 1 + flight.packets,
      ackBytes: flight.ackBytes,
      ackPackets: flight.ackPackets,
    },
  };
}
