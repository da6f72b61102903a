/**
 * One `oura sync` per history file at a time. The lock is a write transaction
 * held open on a small companion SQLite file: SQLite's file locks belong to
 * the process, so the OS drops them the instant a sync dies (kill -9
 * included) and the next sync never waits on a stale lock. A second sync
 * says it is waiting, then runs once the first is done: by then it only
 * re-reads the revisit window.
 */

import { chmod } from 'node:fs/promises';
import { delay } from '../delay.js';
import { loadSqlite } from './sqlite-module.js';

const POLL_MS = 200;

/** Runs `fn` holding the sync lock of `dbPath`; `onWait` is called once if another sync holds it. */
export async function withSyncLock<T>(
  dbPath: string,
  onWait: () => void,
  fn: () => Promise<T>,
): Promise<T> {
  const Database = await loadSqlite();
  const path = `${dbPath}.lock`;
  const lock = new Database(path);
  try {
    if (process.platform !== 'win32') await chmod(path, 0o600);
    // Never block the event loop in SQLite's busy handler: poll instead.
    lock.pragma('busy_timeout = 0');
    let waiting = false;
    for (;;) {
      try {
        lock.exec('BEGIN IMMEDIATE');
        break;
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
        if (!waiting) onWait();
        waiting = true;
        await delay(POLL_MS);
      }
    }
    try {
      return await fn();
    } finally {
      lock.exec('ROLLBACK');
    }
  } finally {
    lock.close();
  }
}
