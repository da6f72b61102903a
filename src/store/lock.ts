import fs from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import lockfile from 'proper-lockfile';
import { OuraError } from '../errors.js';
import { ensurePrivateDir, PRIVATE_DIR_MODE } from '../files/atomic-file.js';
import { toFileWriteError } from '../files/write-error.js';

/**
 * proper-lockfile's lock is a directory made with mkdir's default mode; make
 * it owner-only like everything else under the config dir.
 */
const privateMkdirFs = {
  ...fs,
  mkdir: (path: fs.PathLike, callback: (error: NodeJS.ErrnoException | null) => void) =>
    fs.mkdir(path, PRIVATE_DIR_MODE, callback),
};

/**
 * Runs `fn` while holding a cross-process lock named by `path` (a file under
 * the config dir). proper-lockfile uses an atomic mkdir and refreshes the lock's
 * mtime while held, so a lock left by a crashed process goes stale (15 s) and
 * is taken over instead of blocking forever. Waiters keep trying for about two
 * minutes, longer than a refresh with all its retries can take.
 */
export async function withLock<T>(path: string, fn: () => Promise<T>): Promise<T> {
  await ensurePrivateDir(dirname(path));
  // proper-lockfile locks an existing file; create the anchor once.
  await writeFile(path, '', { flag: 'a', mode: 0o600 }).catch((error: unknown) => {
    throw toFileWriteError(error, path, { what: 'the lock file' });
  });
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(path, {
      realpath: false,
      stale: 15_000,
      update: 5_000,
      fs: privateMkdirFs,
      retries: { retries: 600, factor: 1.2, minTimeout: 20, maxTimeout: 250, randomize: true },
      // Only reached when this process stalled past `stale` and another took
      // over; the caller re-reads under the lock, so carry on rather than
      // crash from inside a timer (the library's default).
      onCompromised: () => {},
    });
  } catch (error) {
    throw new OuraError(
      'LOCK_TIMEOUT',
      `Could not take the lock ${path}: another oura process has held it for about two minutes.`,
      {
        cause: error,
        hint: 'Wait for the other oura process to finish, then try again. A lock left by a crashed process clears itself within 15 s.',
      },
    );
  }
  try {
    return await fn();
  } finally {
    await release().catch(() => {});
  }
}
