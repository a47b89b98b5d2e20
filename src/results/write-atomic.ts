/**
 * Writes a file atomically: to a temporary name beside it, then renamed, so a reader never sees
 * a half-written file.
 */
import { constants } from 'node:fs';
import { access, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CannotCreateError, cannotCreate } from '../errors.ts';

/**
 * A file-system failure (the path is a directory, a parent is a file, no permission) is a
 * one-line `CannotCreateError` naming the path, and leaves no temporary file behind.
 */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  refusePseudo(path, 'the file');
  const temp = `${path}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temp, content);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => {});
    throw cannotCreate(path, 'the file', error);
  }
}

/** File systems that hold no files of a user's: writing there fails, or worse, spins. */
const PSEUDO = ['/proc', '/sys', '/dev'];

/** Refuses a path under /proc, /sys or /dev: creating directories there never ends (mkdir -p spins). */
function refusePseudo(path: string, what: string): void {
  if (PSEUDO.some((root) => path === root || path.startsWith(`${root}/`)))
    throw new CannotCreateError(
      `cannot write ${what} ${path}: it is on a pseudo-filesystem (${path.split('/')[1] ?? ''})`,
    );
}

/**
 * Makes sure `dir` can take output before any work starts: an existing directory or one that can
 * be created, writable, not a file and not on a pseudo-filesystem; else a one-line
 * `CannotCreateError` naming it and why.
 */
export async function prepareOutDir(dir: string, what = 'the output directory'): Promise<void> {
  refusePseudo(dir, what);
  try {
    const found = await stat(dir).catch((error: { code?: string }) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (found && !found.isDirectory())
      throw new CannotCreateError(`cannot write ${what} ${dir}: it is a file, not a directory`);
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
  } catch (error) {
    throw error instanceof CannotCreateError ? error : cannotCreate(dir, what, error);
  }
}
