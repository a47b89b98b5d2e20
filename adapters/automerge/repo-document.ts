/**
 * The one document every replica of a run works on, as automerge-repo holds it: one URL for the
 * whole fleet (as if one client had created it and shared its link), every client starting from
 * the same genesis change. A replica that has the document in storage loads it from there, as a
 * restarted app does; one that has not imports the genesis.
 */
import * as A from '@automerge/automerge';
import type {
  AutomergeUrl,
  BinaryDocumentId,
  DocHandle,
  DocumentId,
  PeerId,
  Repo,
} from '@automerge/automerge-repo/slim';
import { interpretAsDocumentId, stringifyAutomergeUrl } from '@automerge/automerge-repo/slim';
import type { SchemaDefinition } from '../../src/contract/contract.ts';
import type { WorkspaceDoc } from './automerge-model.ts';
import { genesis } from './automerge-model.ts';
import type { DurableStorageAdapter } from './repo-storage.ts';

/** A fixed 16-byte document id (a v4 UUID's shape), the same in every run. */
export const DOCUMENT_ID: DocumentId = interpretAsDocumentId(
  Uint8Array.from([
    0x5b, 0x1c, 0x2e, 0x90, 0x7d, 0x44, 0x4a, 0x1f, 0x8e, 0x02, 0x6b, 0x33, 0xc4, 0x51, 0x9a, 0x07,
  ]) as BinaryDocumentId,
);
export const DOCUMENT_URL: AutomergeUrl = stringifyAutomergeUrl({ documentId: DOCUMENT_ID });

/** A peer id as automerge-repo makes one (`peer-` + base-36 digits of a random number), from `draw` in [0, 1). */
export function repoPeerId(draw: number): PeerId {
  return `peer-${draw.toString(36).slice(4)}` as PeerId;
}

/**
 * The document's handle on a client: the genesis imported at once when storage holds nothing, or
 * (a restart) a promise of the handle automerge-repo loads from storage.
 */
export function openDocument(
  repo: Repo,
  storage: DurableStorageAdapter,
  schema: SchemaDefinition,
): DocHandle<WorkspaceDoc> | Promise<DocHandle<WorkspaceDoc>> {
  if (storage.has([DOCUMENT_ID])) return repo.find<WorkspaceDoc>(DOCUMENT_URL);
  return repo.import<WorkspaceDoc>(genesis(schema), { docId: DOCUMENT_ID });
}

/** The document as storage holds it (its snapshots and incremental changes), read at once. */
export function storedDocument(
  storage: DurableStorageAdapter,
  schema: SchemaDefinition,
): A.Doc<WorkspaceDoc> {
  const chunks = [
    ...storage.chunksUnder([DOCUMENT_ID, 'snapshot']),
    ...storage.chunksUnder([DOCUMENT_ID, 'incremental']),
  ];
  if (chunks.length === 0) return A.load<WorkspaceDoc>(genesis(schema));
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return A.load<WorkspaceDoc>(bytes);
}
