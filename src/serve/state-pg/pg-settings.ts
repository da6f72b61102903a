/** The server's named values in the shared PostgreSQL database. */
import type { Pool } from 'pg';
import type { Settings } from '../state/settings.js';
import { openServiceSchema, SERVICE_SCHEMA } from './pg-service-schema.js';

export async function openPgSettings(pool: Pool, schema = SERVICE_SCHEMA): Promise<Settings> {
  const table = `${await openServiceSchema(pool, schema)}.settings`;
  return {
    async read(key) {
      const found = await pool.query<{ value: string }>(
        `SELECT value FROM ${table} WHERE key = $1`,
        [key],
      );
      return found.rows[0]?.value;
    },
    async write(key, value) {
      if (value === undefined) await pool.query(`DELETE FROM ${table} WHERE key = $1`, [key]);
      else
        await pool.query(
          `INSERT INTO ${table} (key, value) VALUES ($1, $2)
           ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
          [key, value],
        );
    },
    async claim(key, value) {
      const inserted = await pool.query(
        `INSERT INTO ${table} (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`,
        [key, value],
      );
      return inserted.rowCount === 1;
    },
  };
}
