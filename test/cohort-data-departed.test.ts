/**
 * The admin page's reads of a participant who left while it was being made:
 * it lists the participant, their withdrawal deletes the person and drops
 * their PostgreSQL schema, then the page asks for their status (or an export
 * for their rows). Opening a history on PostgreSQL makes its schema, so that
 * read made the withdrawn person's schema again, and it stayed for good; it
 * must read nothing and leave nothing.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPgAuditLog } from '../src/serve/cohort-data/pg-audit-log.js';
import { cohortData } from '../src/serve/cohorts/cohort-data.js';
import { generateSealingKey, SealingKeys } from '../src/serve/keys/sealing-keys.js';
import type { OuraApp } from '../src/serve/oura-app.js';
import type { OuraTokenKeeper } from '../src/serve/oura-tokens.js';
import { historySchemaOf } from '../src/serve/person-schema.js';
import { openPgUserStore } from '../src/serve/state-pg/pg-user-store.js';
import { UserEngines } from '../src/serve/user-engines.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from './helpers/postgres.js';
import { describeOrSkip } from './helpers/requirements.js';
import { tempDir } from './helpers/temp.js';

let database: TestDatabase;
const hasPostgres = await postgresAvailable();

beforeAll(async () => {
  if (hasPostgres) database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

describeOrSkip(hasPostgres, 'PostgreSQL is not reachable', 'on PostgreSQL', () => {
  it('reads nothing of a person who left, and makes no schema for them', async () => {
    const pool = database.pool();
    const users = await openPgUserStore(pool, new SealingKeys(generateSealingKey()), Date.now);
    // Nothing here syncs or asks Oura: the app and token keeper are never used.
    const engines = new UserEngines({
      app: { apiUrl: 'http://127.0.0.1:9', credentials: { clientId: 'unused' } } as OuraApp,
      users,
      tokens: {} as OuraTokenKeeper,
      usersDir: await tempDir('oura-departed-'),
      historyDatabase: pool,
      version: '0.0.0-test',
      log: () => {},
    });
    const data = cohortData(engines, users, await openPgAuditLog(pool, Date.now));
    const departed = 'departed-person';
    expect(await data.status(departed)).toEqual({
      lastSyncAt: undefined,
      daysWithDataLast14: undefined,
    });
    expect(await data.reader(departed)).toBeUndefined();
    const schema = await pool.query(
      'SELECT 1 FROM information_schema.schemata WHERE schema_name = $1',
      [historySchemaOf(departed)],
    );
    expect(schema.rowCount).toBe(0);
    await engines.close();
  });
});
