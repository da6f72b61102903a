/**
 * A person's history in a PostgreSQL schema, as a {@link HistoryStore}.
 * One sync of a schema at a time, across every process sharing the
 * database: a sync holds a session advisory lock, which PostgreSQL lets go
 * of when the connection ends, so a killed process leaves no stale lock.
 */
import type { Pool } from 'pg';
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
      const lockHolder = await checkOut(pool);
      const key = `oura-sync:${schema}`;
      try {
        await lockHolder.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [key]);
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
