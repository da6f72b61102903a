/**
 * The people who signed in, in the shared PostgreSQL database: the same
 * `people` rows whose sealed Oura logins the workers refresh
 * (`pg-person-tokens.ts`), so a sign-in on any web process is a login every
 * worker can use.
 */
import type { Pool } from 'pg';
import type { StoredTokens } from '../../auth/tokens.js';
import { type Sealer, type ServeUser, tokensContext, type UserStore } from '../state/user-store.js';
import { openServiceSchema, SERVICE_SCHEMA } from './pg-service-schema.js';

interface PersonRow {
  person: string;
  email: string | null;
  role: 'owner' | 'member';
  oura_problem: string | null;
  joined_at: string;
  last_sync_at: string | null;
}

// Not the sealed Oura tokens: every /mcp request looks its person up, and only `tokens()` opens them.
const COLUMNS = 'person, email, role, oura_problem, joined_at, last_sync_at';

const toUser = (row: PersonRow): ServeUser => ({
  id: row.person,
  email: row.email ?? undefined,
  role: row.role,
  createdAt: Number(row.joined_at),
  lastSyncAt: row.last_sync_at === null ? undefined : Number(row.last_sync_at),
  ouraProblem: row.oura_problem ?? undefined,
});

export async function openPgUserStore(
  pool: Pool,
  sealer: Sealer,
  now: () => number,
  schema = SERVICE_SCHEMA,
): Promise<UserStore> {
  const people = `${await openServiceSchema(pool, schema)}.people`;
  const at = () => Math.floor(now() / 1000);
  const seal = (userId: string, tokens: StoredTokens) =>
    sealer.seal(JSON.stringify(tokens), tokensContext(userId));
  return {
    async get(userId) {
      const found = await pool.query<PersonRow>(
        `SELECT ${COLUMNS} FROM ${people} WHERE person = $1`,
        [userId],
      );
      return found.rows[0] ? toUser(found.rows[0]) : undefined;
    },
    async all() {
      const found = await pool.query<PersonRow>(
        `SELECT ${COLUMNS} FROM ${people} ORDER BY joined_at, person`,
      );
      return found.rows.map(toUser);
    },
    async saveSignIn(input) {
      await pool.query(
        `INSERT INTO ${people} (person, email, role, oura_tokens, joined_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (person) DO UPDATE SET email = excluded.email,
           oura_tokens = excluded.oura_tokens, oura_problem = NULL`,
        [input.id, input.email ?? null, input.role, seal(input.id, input.tokens), at()],
      );
    },
    async tokens(userId) {
      const found = await pool.query<{ oura_tokens: string | null }>(
        `SELECT oura_tokens FROM ${people} WHERE person = $1`,
        [userId],
      );
      const sealed = found.rows[0]?.oura_tokens;
      return sealed
        ? (JSON.parse(sealer.open(sealed, tokensContext(userId))) as StoredTokens)
        : undefined;
    },
    async saveTokens(userId, tokens) {
      await pool.query(
        `UPDATE ${people} SET oura_tokens = $2, oura_problem = NULL WHERE person = $1`,
        [userId, seal(userId, tokens)],
      );
    },
    async markProblem(userId, problem) {
      await pool.query(`UPDATE ${people} SET oura_problem = $2 WHERE person = $1`, [
        userId,
        problem,
      ]);
    },
    async markSynced(userId) {
      await pool.query(`UPDATE ${people} SET last_sync_at = $2 WHERE person = $1`, [userId, at()]);
    },
    async delete(userId) {
      await pool.query(`DELETE FROM ${people} WHERE person = $1`, [userId]);
    },
  };
}
