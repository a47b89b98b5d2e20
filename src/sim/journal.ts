/**
 * The journal: every send, delivery, drop, duplicate, connect and disconnect, with its virtual
 * time, endpoints, byte size and the phase it happened in; and, for replicas on a real socket
 * stack, each library payload they handed that stack (`payload`, no message id: the sends carry
 * its framed bytes). All bandwidth figures are derived
 * from it, and its bookkeeping can be checked: each sent message id ends in one delivery or one
 * drop, plus one more of either per duplicate.
 */

export type JournalKind = 'send' | 'deliver' | 'drop' | 'duplicate' | 'connect' | 'disconnect' | 'payload';

/** Why a message did not arrive, or why a connection went down. */
export type DropReason =
  'loss' | 'partition' | 'offline' | 'crashed' | 'reset' | 'not-connected' | 'disconnected';

export interface JournalEntry {
  /** Virtual time, ms. */
  readonly t: number;
  readonly kind: JournalKind;
  readonly from: string;
  readonly to: string;
  /** Message size in bytes (0 for connect/disconnect; the payload's size for `payload`). */
  readonly bytes: number;
  /** Message id for send/deliver/drop/duplicate; -1 for connection events. */
  readonly msg: number;
  readonly phase: string;
  readonly reason?: DropReason;
}

/** Append-only record of what the network did. */
export class Journal {
  readonly entries: JournalEntry[] = [];
  /** Every phase entered so far, in order (a phase may see no traffic at all). */
  readonly phases: string[] = ['start'];
  private current = 'start';
  private nextMsg = 0;

  /** The phase that new entries are attributed to. */
  get phase(): string {
    return this.current;
  }

  /** Moves on to the phase `name`; the runner calls it along the timeline. */
  enterPhase(name: string): void {
    this.current = name;
    if (!this.phases.includes(name)) this.phases.push(name);
  }

  /** Records a send and returns the new message's id. */
  send(t: number, from: string, to: string, bytes: number): number {
    const msg = this.nextMsg++;
    this.entries.push({ t, kind: 'send', from, to, bytes, msg, phase: this.phase });
    return msg;
  }

  record(
    t: number,
    kind: Exclude<JournalKind, 'send'>,
    from: string,
    to: string,
    bytes: number,
    msg = -1,
    reason?: DropReason,
  ): void {
    const entry: JournalEntry =
      reason === undefined
        ? { t, kind, from, to, bytes, msg, phase: this.phase }
        : { t, kind, from, to, bytes, msg, phase: this.phase, reason };
    this.entries.push(entry);
  }
}
