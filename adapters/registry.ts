/**
 * The engines users can run, by name. An explicit map: adding an engine means adding a line here.
 */
import type { EngineName, SyncAdapter } from '../src/contract/contract.ts';
import { automergeAdapter } from './automerge/index.ts';
import { pouchdbAdapter } from './pouchdb/index.ts';
import { referenceAdapter } from './reference/index.ts';
import { rxdbAdapter } from './rxdb/index.ts';
import { yjsAdapter } from './yjs/index.ts';

export const ENGINES: ReadonlyMap<EngineName, SyncAdapter> = new Map(
  [yjsAdapter, automergeAdapter, pouchdbAdapter, rxdbAdapter, referenceAdapter].map((adapter) => [
    adapter.name,
    adapter,
  ]),
);

export const ENGINE_NAMES: readonly EngineName[] = [...ENGINES.keys()];
