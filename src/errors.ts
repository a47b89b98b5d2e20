/**
 * Error classes shared across the tool. A `UsageError` is the user's to fix (bad flag, unknown
 * name, invalid scenario): the CLI prints its message on one line and exits 64, without a stack.
 * A `CannotCreateError` is a file or directory the tool could not write (as sysexits'
 * EX_CANTCREAT): one line naming the path and why, exit 73.
 */

/** A problem with what the user asked for; the message says what is expected. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** An output file or directory that cannot be written; the message names the path and why. */
export class CannotCreateError extends Error {
  override readonly name = 'CannotCreateError';
}

/** Node's file-system error codes, as a person reads them. */
const FS_REASONS: Readonly<Record<string, string>> = {
  ENOTDIR: 'a part of the path is a file, not a directory',
  EISDIR: 'it is a directory, not a file',
  EEXIST: 'it exists and is not a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  ENOENT: 'no such file or directory',
};

/** `error` from writing `path` as a one-line CannotCreateError (other errors are returned as they are). */
export function cannotCreate(path: string, what: string, error: unknown): Error {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return error instanceof Error ? error : new Error(String(error));
  return new CannotCreateError(`cannot write ${what} ${path}: ${FS_REASONS[code] ?? code}`);
}
