/** Invites in the shared PostgreSQL database: one spent once, whichever web process a sign-in lands on. */
import type { Pool } from 'pg';
import type { InviteStore } from '../state/invite-store.js';
import { hashSecret, newSecret } from '../state/secret-values.js';
import { openServiceSchema, SERVICE_SCHEMA } from './pg-service-schema.js';

export async function openPgInviteStore(
  pool: Pool,
  now: () => number,
  schema = SERVICE_SCHEMA,
): Promise<InviteStore> {
  const invites = `${await openServiceSchema(pool, schema)}.invites`;
  const at = () => Math.floor(now() / 1000);
  return {
    async create(seconds) {
      const code = newSecret();
      await pool.query(
        `INSERT INTO ${invites} (code_hash, created_at, expires_at) VALUES ($1, $2, $3)`,
        [hashSecret(code), at(), at() + seconds],
      );
      return code;
    },
    async usable(code) {
      const found = await pool.query(
        `SELECT 1 FROM ${invites} WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2`,
        [hashSecret(code), at()],
      );
      return found.rows.length === 1;
    },
    async use(code, accountId) {
      // One UPDATE: of two sign-ins racing for the invite, the second finds it used.
      const spent = await pool.query(
        `UPDATE ${invites} SET used_by = $1, used_at = $2
          WHERE code_hash = $3 AND used_at IS NULL AND expires_at > $2`,
        [accountId, at(), hashSecret(code)],
      );
      return spent.rowCount === 1;
    },
  };
}
