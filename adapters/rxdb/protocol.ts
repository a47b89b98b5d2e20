/**
 * The messages between an RxDB client and the replication server, in the JSON shape of RxDB's
 * websocket replication (`rxdb/plugins/replication-websocket`): requests name a method of the
 * documented replication protocol and carry an id; the server answers with the same id, and
 * pushes change-stream events with the id `stream`.
 */
import type { WorkspaceDoc } from './rxdb-model.ts';

/** A document as replication carries it: the data plus the deleted flag, no RxDB meta fields. */
export type ReplicatedDoc = WorkspaceDoc & { readonly _deleted: boolean };

export interface Checkpoint {
  /** Position in the server's change log of the last document seen. */
  readonly seq: number;
}

export interface PushRow {
  readonly assumedMasterState?: ReplicatedDoc;
  readonly newDocumentState: ReplicatedDoc;
}

export interface PullBatch {
  readonly documents: readonly ReplicatedDoc[];
  readonly checkpoint: Checkpoint | undefined;
}

export type Request =
  | {
      readonly id: string;
      readonly collection: string;
      readonly method: 'masterChangesSince';
      readonly params: readonly [Checkpoint | undefined, number];
    }
  | {
      readonly id: string;
      readonly collection: string;
      readonly method: 'masterWrite';
      readonly params: readonly [readonly PushRow[]];
    }
  | {
      readonly id: string;
      readonly collection: string;
      readonly method: 'masterChangeStream$';
      readonly params: readonly [];
    };

export type Response =
  | {
      readonly id: string;
      readonly collection: string;
      readonly result: PullBatch | readonly ReplicatedDoc[] | null;
    }
  | { readonly id: 'stream'; readonly collection: string; readonly result: PullBatch | 'RESYNC' };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeMessage(message: Request | Response): Uint8Array {
  return encoder.encode(JSON.stringify(message));
}

export function decodeMessage<T extends Request | Response>(bytes: Uint8Array): T {
  return JSON.parse(decoder.decode(bytes)) as T;
}
