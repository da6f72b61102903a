/** Registered MCP clients in the shared PostgreSQL database. */
import type { Pool } from 'pg';
import { inTransaction } from '../../history/postgres/pg-open.js';
import type { ClientRecords } from '../state/client-records.js';
import { openServiceSchema, SERVICE_SCHEMA } from './pg-service-schema.js';

export async function openPgClientRecords(
  pool: Pool,
  schema = SERVICE_SCHEMA,
): Promise<ClientRecords> {
  const s = await openServiceSchema(pool, schema);
  return {
    async find(clientId) {
      const found = await pool.query<{ info: string }>(
        `SELECT info FROM ${s}.clients WHERE client_id = $1`,
        [clientId],
      );
      return found.rows[0]?.info;
    },
    async add(clientId, info, createdAt, keepAtMost) {
      await inTransaction(pool, async (db) => {
        await db.query(
          `INSERT INTO ${s}.clients (client_id, info, created_at) VALUES ($1, $2, $3)`,
          [clientId, info, createdAt],
        );
        await db.query(
          `DELETE FROM ${s}.clients WHERE client_id IN (
             SELECT c.client_id FROM ${s}.clients c
              WHERE NOT EXISTS (SELECT 1 FROM ${s}.grants g WHERE g.client_id = c.client_id)
              ORDER BY c.created_at
              LIMIT greatest(0, (SELECT count(*) FROM ${s}.clients) - $1))`,
          [keepAtMost],
        );
      });
    },
  };
}
