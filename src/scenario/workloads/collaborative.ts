/**
 * The collaborative workload generator: records in one collection (hot records that everyone
 * updates, plus records that replicas create and delete) and one shared text edited by whole
 * tagged tokens. It reads the replica's own current state, so every op it emits is valid there.
 */
import type { Fields, Op, ReadPath, ReadValue, Snapshot } from '../../contract/contract.ts';
import type { RandomStream } from '../../sim/prng.ts';
import { makeToken, tokenBoundaries, tokensIn } from './text-tokens.ts';

/** The op kinds a workload may weigh. */
export type WorkloadOpKind = 'create' | 'update' | 'delete' | 'textInsert' | 'textDelete';

/** How `work` steps pick ops: weights per kind, the collection and text they edit, the hot records. */
export interface WorkloadSpec {
  /** Relative weights of the op kinds the generator emits. */
  readonly weights: Readonly<Partial<Record<WorkloadOpKind, number>>>;
  readonly collection: string;
  readonly textDoc: string;
  /** Ids starting with this prefix are never deleted (they are the contended records). */
  readonly hotPrefix: string;
}

/** What the generator may look at: the replica's own state. */
export interface ReplicaView {
  read(path: ReadPath): ReadValue;
  snapshot(): Snapshot;
}

const STATUSES = ['todo', 'doing', 'review', 'done'] as const;

/** Emits ops for one replica from its own seeded stream. */
export class CollaborativeWorkload {
  private seq = 0;

  constructor(
    private readonly spec: WorkloadSpec,
    private readonly replica: string,
    private readonly random: RandomStream,
  ) {}

  /** The next op, valid against `view`; falls back to a create when nothing else applies. */
  next(view: ReplicaView): Op {
    const kind = this.pickKind();
    const op = this.build(kind, view);
    return op ?? this.create();
  }

  private pickKind(): WorkloadOpKind {
    const entries = Object.entries(this.spec.weights) as [WorkloadOpKind, number][];
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let draw = this.random.next() * total;
    for (const [kind, weight] of entries) {
      draw -= weight;
      if (draw < 0) return kind;
    }
    return entries[entries.length - 1]?.[0] ?? 'create';
  }

  private build(kind: WorkloadOpKind, view: ReplicaView): Op | undefined {
    const { collection, textDoc, hotPrefix } = this.spec;
    switch (kind) {
      case 'create':
        return this.create();
      case 'update': {
        const ids = Object.keys(view.snapshot().collections[collection] ?? {}).sort();
        if (ids.length === 0) return undefined;
        return { kind: 'update', collection, id: this.random.pick(ids), fields: this.someFields() };
      }
      case 'delete': {
        const ids = Object.keys(view.snapshot().collections[collection] ?? {})
          .filter((id) => !id.startsWith(hotPrefix))
          .sort();
        if (ids.length === 0) return undefined;
        return { kind: 'delete', collection, id: this.random.pick(ids) };
      }
      case 'textInsert': {
        const text = view.read({ kind: 'text', doc: textDoc });
        const boundaries = tokenBoundaries(typeof text === 'string' ? text : '');
        const index = this.random.pick(boundaries);
        return { kind: 'textInsert', doc: textDoc, index, text: makeToken(this.replica, ++this.seq) };
      }
      case 'textDelete': {
        const text = view.read({ kind: 'text', doc: textDoc });
        const tokens = tokensIn(typeof text === 'string' ? text : '');
        if (tokens.length === 0) return undefined;
        const victim = this.random.pick(tokens);
        return { kind: 'textDelete', doc: textDoc, index: victim.index, length: victim.token.length };
      }
    }
  }

  private create(): Op {
    const id = `${this.replica}-${++this.seq}`;
    return {
      kind: 'create',
      collection: this.spec.collection,
      id,
      fields: { title: `task ${id}`, status: 'todo', priority: this.random.int(1, 5) },
    };
  }

  private someFields(): Fields {
    switch (this.random.int(0, 2)) {
      case 0:
        return { status: this.random.pick(STATUSES) };
      case 1:
        return { priority: this.random.int(1, 5) };
      default:
        return { title: `edited by ${this.replica} #${++this.seq}`, status: this.random.pick(STATUSES) };
    }
  }
}
