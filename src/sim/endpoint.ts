/**
 * What the network calls on a replica, and the two transport kinds.
 */

/** `stream` models WebSocket/TCP; `datagram` models UDP/unordered WebRTC channels. */
export type Transport = 'stream' | 'datagram';

/** What the network calls on a replica. */
export interface Endpoint {
  receive(from: string, bytes: Uint8Array, connection: number): void;
  connected(peer: string): void;
  disconnected(peer: string): void;
}
