/**
 * One `oura serve` per data directory: the state file's tokens are refreshed
 * by one process (refresh tokens are single use), so a second server on the
 * same directory is refused. The lock is a write transaction held on a small
 * SQLite file, as `oura sync`'s is: the OS drops it the instant the server
 * dies, kill -9 included, so a restart never waits on a stale lock.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { OuraError } from '../errors.js';
import { loadSqlite } from '../history/sqlite-module.js';

export async function holdServerLock(path: string): Promise<{ release: () => void }> {
  const Database = await loadSqlite();
  // The first start may find no directory yet (a key from OURA_SERVE_KEY made none).
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const lock = new Database(path);
  chmodSync(path, 0o600);
  lock.pragma('busy_timeout = 0');
  try {
    lock.exec('BEGIN IMMEDIATE');
  } catch (error) {
    lock.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') {
      throw new OuraError(
        'SERVE_RUNNING',
        `Another oura serve is running on this data directory (${path}).`,
        {
          hint: 'Stop it first, or give this one another OURA_DATA_DIR.',
        },
      );
    }
    throw error;
  }
  return {
    release: () => {
      if (lock.open) lock.close();
    },
  };
}
