/**
 * Opening the history file: owner-only, WAL (readers never block the writer
 * and never see half a transaction), a busy timeout for the moments two
 * writers meet, and versioned migrations. better-sqlite3 is loaded lazily
 * (sqlite-module.ts), so commands that never touch the history do not pay
 * for it.
 */
import { chmod, mkdir, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Db } from './connection.js';
import {
  damagedHistory,
  HistoryError,
  isCorruption,
  NoHistoryError,
  openFailure,
} from './errors.js';
import { documentsLayout, layOutDocuments, storedLayout } from './layout.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';
import { loadSqlite } from './sqlite-module.js';

export type { Db };

const BUSY_TIMEOUT_MS = 10_000;

/** Refuses a file written by a newer version of this package, whose schema we cannot know. */
function checkVersion(db: Db, path: string): number {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    db.close();
    throw new HistoryError(
      `the history file ${path} was written by a newer oura-connect (schema ${version}; this one knows ${SCHEMA_VERSION}).`,
      {
        hint: 'Update oura-connect, or run `oura sync --rebuild` to re-create the file for this version.',
      },
    );
  }
  return version;
}

/**
 * Brings the file to this build's schema in one transaction: the migrations it
 * has not had, then the documents' layout (views and typed columns) if this
 * build's differs. A killed migration leaves the file as it was.
 */
function migrate(db: Db): void {
  db.transaction(() => {
    // Another process may have migrated the file while this one waited for the lock.
    const from = db.pragma('user_version', { simple: true }) as number;
    if (from > SCHEMA_VERSION) return;
    for (const migration of MIGRATIONS.slice(from)) {
      if (typeof migration === 'string') db.exec(migration);
      else migration(db);
    }
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
    if (storedLayout(db) !== documentsLayout()) layOutDocuments(db);
  }).immediate();
  // A rebuilt table leaves the old one's pages free: without this a migrated
  // two-year file would stay ~60 MB instead of ~38. Only an optimisation: the
  // file is migrated and whole either way, so a busy or full disk is no reason
  // to fail the command (the pages are reused by later writes).
  if ((db.pragma('freelist_count', { simple: true }) as number) > 0) {
    try {
      db.exec('VACUUM');
      // VACUUM wrote the whole file through the WAL: give that space back too.
      db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {}
  }
}

/** Opens (creating if needed) the history for writing, migrated to this build's schema. */
export async function openForWrite(path: string): Promise<Db> {
  const Database = await loadSqlite();
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') await chmod(dir, 0o700);
  let db: Db;
  try {
    db = new Database(path);
  } catch (error) {
    throw openFailure(path, error);
  }
  try {
    if (process.platform !== 'win32') await chmod(path, 0o600);
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a power cut may lose the last commit, never consistency.
    db.pragma('synchronous = NORMAL');
    const version = checkVersion(db, path);
    if (version < SCHEMA_VERSION || storedLayout(db) !== documentsLayout()) migrate(db);
  } catch (error) {
    if (db.open) db.close();
    if (error instanceof HistoryError) throw error;
    if (isCorruption(error)) throw damagedHistory(path, error);
    throw error;
  }
  // WAL and shared-memory files hold health data too.
  for (const suffix of ['-wal', '-shm']) await chmod(`${path}${suffix}`, 0o600).catch(() => {});
  return db;
}

/**
 * Opens the history read-only: SQLite itself refuses any write. Before the
 * first sync there is nothing to read, which is its own message.
 */
export async function openForRead(path: string): Promise<Db> {
  try {
    await stat(path);
  } catch {
    throw new NoHistoryError(path);
  }
  const db = await openReadOnly(path);
  try {
    if ((db.pragma('user_version', { simple: true }) as number) === 0 || holdsNothing(db)) {
      db.close();
      throw new NoHistoryError(path);
    }
  } catch (error) {
    if (db.open) db.close();
    if (error instanceof NoHistoryError) throw error;
    throw damagedHistory(path, error);
  }
  return db;
}

/**
 * A read-only connection to an existing file, empty or not: what a sync reads
 * its state with while its writer thread writes.
 */
export async function openReadOnly(path: string): Promise<Db> {
  const Database = await loadSqlite();
  let db: Db | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    checkVersion(db, path);
  } catch (error) {
    if (db?.open) db.close();
    if (error instanceof HistoryError) throw error;
    throw openFailure(path, error);
  }
  return db;
}

/**
 * Whether the file already holds this build's schema and documents' layout:
 * then a sync reads its state at once, while its writer thread opens the
 * file, as that thread will not change the file's shape.
 */
export function holdsCurrentSchema(db: Db): boolean {
  return (
    (db.pragma('user_version', { simple: true }) as number) === SCHEMA_VERSION &&
    storedLayout(db) === documentsLayout()
  );
}

/**
 * A file made by a sync that stopped before its first window (no network, or
 * made by an older build before the login check) has the schema and nothing
 * else: reading it would answer "0 rows" where the truth is "not synced yet".
 * Documents from webhook events alone count as history.
 */
function holdsNothing(db: Db): boolean {
  const row = db
    .prepare(
      `SELECT EXISTS (SELECT 1 FROM sync_state) OR EXISTS (SELECT 1 FROM documents)
          OR EXISTS (SELECT 1 FROM heartrate_samples) AS held`,
    )
    .get() as { held: number };
  return row.held === 0;
}

/** Deletes the history file and its WAL companions (`oura sync --rebuild`). */
export async function removeHistory(path: string): Promise<void> {
  for (const suffix of ['', '-wal', '-shm']) await rm(`${path}${suffix}`, { force: true });
}

/**
 * Reads every page of the file and checks its b-tree structure (SQLite's
 * `quick_check`: all of `integrity_check` but the index-against-table
 * comparison). SQLite keeps no page checksums, so a page damaged in the
 * middle of the file is otherwise only found by the query that happens to
 * read it. Throws {@link damagedHistory} on the first fault. Its cost grows
 * with the file (a 2-year history, 35 MB: 0.2-0.4 s), so sync runs it on a
 * schedule (see `history/self-check.ts`).
 */
export function checkHistory(db: Db): void {
  let verdict: unknown;
  try {
    // (1): stop at the first fault; one is enough to send the person to --rebuild.
    verdict = db.pragma('quick_check(1)', { simple: true });
  } catch (error) {
    if (isCorruption(error)) throw damagedHistory(db.name, error);
    throw error;
  }
  if (verdict !== 'ok') {
    const fault = new Error(`a check of every page found: ${String(verdict)}`);
    throw damagedHistory(db.name, Object.assign(fault, { code: 'SQLITE_CORRUPT' }));
  }
}
