import { writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import lockfile from 'proper-lockfile';
import { OuraError } from '../errors.js';
import { ensurePrivateDir } from './atomic-file.js';

/**
 * Runs `fn` while holding a cross-process lock named by `path` (a file under
 * the config dir). proper-lockfile uses an atomic mkdir and refreshes the lock's
 * mtime while held, so a lock left by a crashed process goes stale and is taken
 * over instead of blocking forever.
 */
export async function withLock<T>(path: string, fn: () => Promise<T>): Promise<T> {
  await ensurePrivateDir(dirname(path));
  // proper-lockfile locks an existing file; create the anchor once.
  await writeFile(path, '', { flag: 'a', mode: 0o600 });
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(path, {
      realpath: false,
      stale: 15_000,
      update: 5_000,
      retries: { retries: 200, factor: 1.2, minTimeout: 20, maxTimeout: 250, randomize: true },
    });
  } catch (error) {
    throw new OuraError(
      'LOCK_TIMEOUT',
      `Could not take the lock ${path}: another oura process holds it.`,
      {
        cause: error,
        hint: 'Wait for the other process to finish, or remove the stale lock directory if none is running.',
      },
    );
  }
  try {
    return await fn();
  } finally {
    await release().catch(() => {});
  }
}
