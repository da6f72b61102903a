/** The web side's state in the shared PostgreSQL database (see `state/serve-state.ts`). */

import type { Pool } from 'pg';
import { checkOut } from '../../history/postgres/pg-open.js';
import { openPgAuditLog } from '../cohort-data/pg-audit-log.js';
import type { ServeState } from '../state/serve-state.js';
import type { Sealer } from '../state/user-store.js';
import { openingFailure } from './database-error.js';
import { openPgClientRecords } from './pg-client-records.js';
import { openPgCohortStore } from './pg-cohort-store.js';
import { openPgGrantStore } from './pg-grant-store.js';
import { openPgInviteStore } from './pg-invite-store.js';
import { openPgPersonTokens } from './pg-person-tokens.js';
import { SERVICE_SCHEMA } from './pg-service-schema.js';
import { openPgSessionStore } from './pg-session-store.js';
import { openPgSettings } from './pg-settings.js';
import { openPgSignInStore } from './pg-sign-in-store.js';
import { openPgUserStore } from './pg-user-store.js';

/** Opens every store on `pool`; closing the state leaves the pool to its owner. */
export async function openPgServeState(
  pool: Pool,
  sealer: Sealer,
  now: () => number,
  schema = SERVICE_SCHEMA,
): Promise<ServeState> {
  return {
    users: await openPgUserStore(pool, sealer, now, schema),
    grants: await openPgGrantStore(pool, now, schema),
    sessions: await openPgSessionStore(pool, now, schema),
    signIns: await openPgSignInStore(pool, sealer, now, schema),
    clients: await openPgClientRecords(pool, schema),
    invites: await openPgInviteStore(pool, now, schema),
    cohorts: await openPgCohortStore(pool, now, schema),
    audit: await openPgAuditLog(pool, now, schema),
    settings: await openPgSettings(pool, schema),
    ouraLogins: await openPgPersonTokens(pool, sealer, schema),
    close: async () => {},
  };
}

/**
 * A pool on `url` and the state on it, for `oura serve --database`; closing
 * the state ends the pool. Fails at once, naming the database, when it cannot
 * be reached.
 */
export async function connectPgServeState(
  url: string,
  sealer: Sealer,
  now: () => number,
  log: (line: string) => void,
): Promise<ServeState> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 10_000 });
  // An idle connection cut by the server (a restart) is reported here; the next query reconnects.
  pool.on('error', () => log('database: an idle connection was closed by the server'));
  try {
    (await checkOut(pool)).release();
    const state = await openPgServeState(pool, sealer, now);
    return { ...state, database: pool, close: () => pool.end() };
  } catch (error) {
    await pool.end().catch(() => {});
    throw openingFailure(error);
  }
}
