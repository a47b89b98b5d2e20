/**
 * `syncbench/adapter`: everything an engine author writes against. The adapter contract
 * (`SyncAdapter`, `Replica`, `ReplicaContext`, capabilities, durable storage, timers), the workload
 * vocabulary every scenario speaks (`Op` and its kinds, `Snapshot`, `ReadPath`), schema lenses,
 * and the check the CLI runs on an engine module before any run starts.
 *
 * @packageDocumentation
 */
export type {
  ApplyOutcome,
  Capabilities,
  CloseReason,
  DurableStorage,
  EngineName,
  Framing,
  Replica,
  ReplicaContext,
  ReplicaId,
  ReplicaRole,
  SchemaDefinition,
  SchemaLens,
  SchemaMigration,
  StoredSize,
  Subscription,
  SyncAdapter,
  Timers,
  Topology,
  Transport,
} from './contract.ts';
export { UnsupportedOpError } from './contract.ts';
export type {
  CreateOp,
  DeleteOp,
  Fields,
  FieldValue,
  Op,
  OpKind,
  ReadPath,
  ReadValue,
  Snapshot,
  TextDeleteOp,
  TextInsertOp,
  UpdateOp,
  UpgradeSchemaOp,
} from './ops.ts';
export { OP_KINDS } from './ops.ts';
export type { RandomStream } from '../sim/prng.ts';
export { latestSchemaVersion, lensMigration, recordMigrator, throughLenses } from './schema-lens.ts';
export { validateAdapter } from './validate-adapter.ts';
// Running a library's real network stack (Node's http, ws, its own client and server) over the
// simulator's connections, and counting its payload apart from its framing.
export {
  ClientSockets,
  DEPLOYED_HOST,
  SimSocket,
  SocketEnds,
  refusedSocket,
  simulatedHost,
} from './sim-socket.ts';
export { SimWebSocketServer } from './sim-websocket-server.ts';
export {
  PeerWebSocket,
  reportSends,
  reportedSend,
  reportingWebSocket,
  wsPayloadBytes,
} from './ws-payload.ts';
