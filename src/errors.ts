/**
 * Error classes shared across the tool. A `UsageError` is the user's to fix (bad flag, unknown
 * name, invalid scenario): the CLI prints its message on one line and exits 64, without a stack.
 */

/** A problem with what the user asked for; the message says what is expected. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
