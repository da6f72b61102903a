/**
 * The web side's state, whole: the people, their grants and sessions, sign-ins
 * in progress, registered clients, invites, cohorts and settings, and the people's Oura
 * logins as the token keeper needs them. One SQLite file under the data
 * directory (one process owns it), or the shared PostgreSQL database
 * (`state-pg/pg-serve-state.ts`) that any number of processes use at once.
 */
import type { AuditLog } from '../cohort-data/audit-log.js';
import { sqliteAuditLog } from '../cohort-data/sqlite-audit-log.js';
import type { PersonTokens } from '../person-tokens.js';
import { userStoreTokens } from '../person-tokens.js';
import { type ClientRecords, sqliteClientRecords } from './client-records.js';
import type { CohortStore } from './cohort-store.js';
import type { GrantStore } from './grant-store.js';
import { type InviteStore, sqliteInviteStore } from './invite-store.js';
import type { SessionStore } from './session-store.js';
import { type Settings, sqliteSettings } from './settings.js';
import type { SignInStore } from './sign-in-store.js';
import { sqliteCohortStore } from './sqlite-cohort-store.js';
import { SqliteGrantStore } from './sqlite-grant-store.js';
import { SqliteSessionStore } from './sqlite-session-store.js';
import { SqliteSignInStore } from './sqlite-sign-in-store.js';
import { SqliteUserStore } from './sqlite-user-store.js';
import { openStateDb } from './state-db.js';
import type { Sealer, UserStore } from './user-store.js';

export interface ServeState {
  users: UserStore;
  grants: GrantStore;
  sessions: SessionStore;
  signIns: SignInStore;
  clients: ClientRecords;
  invites: InviteStore;
  cohorts: CohortStore;
  /** Who read whose data in a cohort: append-only. */
  audit: AuditLog;
  settings: Settings;
  /** The people's Oura logins, refreshed one at a time per person across whoever shares the state. */
  ouraLogins: PersonTokens;
  /** The PostgreSQL database the state is in (and each person's history with it); unset for SQLite. */
  database?: import('pg').Pool;
  close(): Promise<void>;
}

export async function openSqliteServeState(
  path: string,
  sealer: Sealer,
  now: () => number,
): Promise<ServeState> {
  const db = await openStateDb(path);
  const users = new SqliteUserStore(db, sealer, now);
  return {
    users,
    grants: new SqliteGrantStore(db, now),
    sessions: new SqliteSessionStore(db, now),
    signIns: new SqliteSignInStore(db, sealer, now),
    clients: sqliteClientRecords(db),
    invites: sqliteInviteStore(db, now),
    cohorts: sqliteCohortStore(db, now),
    audit: sqliteAuditLog(db, now),
    settings: sqliteSettings(db),
    ouraLogins: userStoreTokens(users),
    close: async () => {
      db.close();
    },
  };
}
