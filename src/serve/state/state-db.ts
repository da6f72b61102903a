/**
 * The service's own state in one SQLite file (`<data dir>/serve/state.sqlite`):
 * the MCP clients that registered, the people who signed in with Oura (their
 * Oura tokens sealed), the grants each person gave an assistant, and the
 * short-lived rows of a sign-in in progress. Tokens the service hands out are
 * stored only as hashes. WAL, so `oura serve invite` in another process can
 * write while the server reads; every change is one transaction.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { loadSqlite } from '../../history/sqlite-module.js';

export type StateDb = BetterSqlite3.Database;

/** Each entry brings the file from version i to i + 1; never edit one that has shipped. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE clients (
     client_id TEXT PRIMARY KEY,
     info TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );
   CREATE TABLE users (
     id TEXT PRIMARY KEY,
     email TEXT,
     role TEXT NOT NULL CHECK (role IN ('owner', 'member')),
     oura_tokens TEXT,
     oura_problem TEXT,
     created_at INTEGER NOT NULL,
     last_sync_at INTEGER
   );
   CREATE TABLE invites (
     code_hash TEXT PRIMARY KEY,
     created_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL,
     used_by TEXT REFERENCES users(id) ON DELETE SET NULL,
     used_at INTEGER
   );
   CREATE TABLE sign_ins (
     id TEXT PRIMARY KEY,
     browser_hash TEXT NOT NULL,
     client_id TEXT NOT NULL,
     redirect_uri TEXT NOT NULL,
     code_challenge TEXT NOT NULL,
     client_state TEXT,
     scopes TEXT NOT NULL,
     resource TEXT NOT NULL,
     oura_state_hash TEXT UNIQUE,
     oura_verifier TEXT,
     admission TEXT,
     expires_at INTEGER NOT NULL
   );
   CREATE TABLE grants (
     id TEXT PRIMARY KEY,
     client_id TEXT NOT NULL,
     user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
     scopes TEXT NOT NULL,
     resource TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     last_used_at INTEGER,
     revoked_at INTEGER
   );
   CREATE TABLE codes (
     code_hash TEXT PRIMARY KEY,
     grant_id TEXT NOT NULL REFERENCES grants(id) ON DELETE CASCADE,
     redirect_uri TEXT NOT NULL,
     code_challenge TEXT NOT NULL,
     expires_at INTEGER NOT NULL,
     used_at INTEGER
   );
   CREATE TABLE tokens (
     token_hash TEXT PRIMARY KEY,
     grant_id TEXT NOT NULL REFERENCES grants(id) ON DELETE CASCADE,
     kind TEXT NOT NULL CHECK (kind IN ('access', 'refresh')),
     expires_at INTEGER NOT NULL,
     used_at INTEGER
   );
   CREATE INDEX tokens_by_grant ON tokens(grant_id);
   CREATE INDEX grants_by_user ON grants(user_id);`,
  // The account page: a sign-in may be for it rather than for an assistant, and ends in a session.
  `ALTER TABLE sign_ins ADD COLUMN purpose TEXT NOT NULL DEFAULT 'mcp';
   CREATE TABLE sessions (
     id_hash TEXT PRIMARY KEY,
     user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
     expires_at INTEGER NOT NULL
   );`,
  // Cohorts' audit log, append-only (serve/cohort-data/audit-log.ts): the database
  // refuses an update or a delete, whatever code asks. No key to the people: a
  // participant's withdrawal deletes their data, never the record of who read it.
  `CREATE TABLE audit_log (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     at INTEGER NOT NULL,
     actor TEXT NOT NULL,
     action TEXT NOT NULL,
     participant TEXT NOT NULL,
     cohort TEXT NOT NULL,
     detail TEXT
   );
   CREATE INDEX audit_by_cohort ON audit_log(cohort, id);
   CREATE INDEX audit_by_participant ON audit_log(participant, id);
   CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
     BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
   CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
     BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;`,
  // Cohorts: enrollment links (hashed, one-time), participants (pseudonymous, kept after they withdraw).
  `CREATE TABLE cohorts (name TEXT PRIMARY KEY, created_at INTEGER NOT NULL);
   CREATE TABLE enrollment_links (
     code_hash TEXT PRIMARY KEY,
     cohort TEXT NOT NULL REFERENCES cohorts(name),
     created_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL,
     used_at INTEGER
   );
   CREATE TABLE participants (
     id TEXT PRIMARY KEY,
     cohort TEXT NOT NULL REFERENCES cohorts(name),
     person TEXT REFERENCES users(id) ON DELETE SET NULL,
     withdraw_hash TEXT NOT NULL UNIQUE,
     joined_at INTEGER NOT NULL,
     consented_at INTEGER NOT NULL,
     withdrawn_at INTEGER
   );
   CREATE UNIQUE INDEX participants_once ON participants(cohort, person);`,
];

/** Opens (creating and migrating) the state file; owner-only like everything holding secrets. */
export async function openStateDb(path: string): Promise<StateDb> {
  const Database = await loadSqlite();
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const db = new Database(path);
  chmodSync(path, 0o600);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.transaction(() => {
    const from = db.pragma('user_version', { simple: true }) as number;
    if (from > MIGRATIONS.length) {
      throw new Error(
        `${path} was written by a newer oura-connect (state version ${from}); update oura-connect.`,
      );
    }
    for (const migration of MIGRATIONS.slice(from)) db.exec(migration);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
  return db;
}

/** One setting, or undefined. */
export function readSetting(db: StateDb, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as
    | { value: string }
    | undefined;
  return row?.value;
}

export function writeSetting(db: StateDb, key: string, value: string | undefined): void {
  if (value === undefined) db.prepare('DELETE FROM settings WHERE key = ?').run(key);
  else
    db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    ).run(key, value);
}
