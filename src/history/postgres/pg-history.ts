/**
 * A person's history in a PostgreSQL schema, as a {@link HistoryStore}.
 * One sync of a schema at a time, across every process sharing the
 * database: a sync holds a session advisory lock, which PostgreSQL lets go
 * of when the connection ends, so a killed process leaves no stale lock.
 * A sync waiting for it holds no connection meanwhile (it asks again), so
 * waiting syncs cannot take the connections the running one needs.
 */
import type { Pool, PoolClient } from 'pg';
import { delay } from '../../delay.js';
import type { HistoryStore } from '../history-store.js';
import { syncStore } from '../sync.js';
import { checkOut, migrateSchema } from './pg-open.js';
import { postgresReader } from './pg-reader.js';
import { postgresWriter } from './pg-writer.js';

/** Opens (creating or migrating) `schema` in the database of `pool`; the pool stays the caller's. */
export async function openPostgresHistory(pool: Pool, schema: string): Promise<HistoryStore> {
  await migrateSchema(pool, schema);
  const reader = postgresReader(pool, schema);
  return {
    kind: 'postgres',
    reader,
    async sync(source, options) {
      const key = `oura-sync:${schema}`;
      const lockHolder = await lockedClient(pool, key);
      try {
        const writer = postgresWriter(pool, schema);
        try {
          return await syncStore(reader, writer, source, options);
        } finally {
          await writer.close();
        }
      } finally {
        await lockHolder
          .query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key])
          .catch(() => {});
        lockHolder.release();
      }
    },
    close: async () => {},
  };
}

/** How long a sync waits before asking again for a lock another holds. */
const LOCK_RETRY_MS = 250;

/** A client holding the session advisory lock `key`, asked for until it is free. */
async function lockedClient(pool: Pool, key: string): Promise<PoolClient> {
  for (;;) {
    const client = await checkOut(pool);
    try {
      const taken = await client.query<{ taken: boolean }>(
        'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS taken',
        [key],
      );
      if (taken.rows[0]?.taken) return client;
    } catch (error) {
      client.release();
      throw error;
    }
    client.release();
    await delay(LOCK_RETRY_MS);
  }
}
