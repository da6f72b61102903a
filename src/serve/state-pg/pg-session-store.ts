/** The account page's sessions in the shared PostgreSQL database: any web process answers any cookie. */
import type { Pool } from 'pg';
import { hashSecret, newSecret } from '../state/secret-values.js';
import { SESSION_SECONDS, type SessionStore } from '../state/session-store.js';
import { openServiceSchema, SERVICE_SCHEMA } from './pg-service-schema.js';

export async function openPgSessionStore(
  pool: Pool,
  now: () => number,
  schema = SERVICE_SCHEMA,
): Promise<SessionStore> {
  const s = await openServiceSchema(pool, schema);
  const at = () => Math.floor(now() / 1000);
  return {
    async create(userId) {
      const secret = newSecret();
      await pool.query(`DELETE FROM ${s}.sessions WHERE expires_at <= $1`, [at()]);
      await pool.query(
        `INSERT INTO ${s}.sessions (id_hash, user_id, expires_at) VALUES ($1, $2, $3)`,
        [hashSecret(secret), userId, at() + SESSION_SECONDS],
      );
      return secret;
    },
    async userOf(secret) {
      if (!secret) return undefined;
      const found = await pool.query<{ user_id: string }>(
        `SELECT user_id FROM ${s}.sessions WHERE id_hash = $1 AND expires_at > $2`,
        [hashSecret(secret), at()],
      );
      return found.rows[0]?.user_id;
    },
    async end(secret) {
      if (secret)
        await pool.query(`DELETE FROM ${s}.sessions WHERE id_hash = $1`, [hashSecret(secret)]);
    },
  };
}
