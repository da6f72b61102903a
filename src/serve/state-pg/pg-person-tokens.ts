/**
 * People's Oura logins in the shared PostgreSQL database, for `oura serve`
 * processes on several machines: each login sealed (AES-256-GCM under the
 * service's key, its key id in the value, bound to the person), so a dump
 * of the database holds no token in clear. A refresh holds a transaction
 * advisory lock named for the person: Oura's refresh tokens are single use,
 * and two workers refreshing one login at once would lose it. The lock goes
 * with the transaction, also when its process dies.
 */
import pg, { type Pool } from 'pg';
import type { StoredTokens } from '../../auth/tokens.js';
import { inTransaction } from '../../history/postgres/pg-open.js';
import type { PersonTokens } from '../person-tokens.js';
import { type Sealer, tokensContext } from '../state/user-store.js';
import { openServiceSchema, SERVICE_SCHEMA } from './pg-service-schema.js';

export interface PgPersonTokens extends PersonTokens {
  /** Adds a person with the login their sign-in brought, or replaces theirs (and clears a problem). */
  enroll(person: string, tokens: StoredTokens): Promise<void>;
}

/** Refreshes under way at once in one process; more wait for a lock connection, holding nothing. */
const LOCK_CONNECTIONS = 4;

export async function openPgPersonTokens(
  pool: Pool,
  sealer: Sealer,
  schema = SERVICE_SCHEMA,
): Promise<PgPersonTokens> {
  const table = `${await openServiceSchema(pool, schema)}.people`;
  // Refreshes hold their person's lock on connections of their own: the work reads and
  // saves through `pool`, and lock holders sharing it would, past its size, each wait
  // for a connection another holds, for ever.
  const locks = new pg.Pool({
    ...pool.options,
    max: LOCK_CONNECTIONS,
    idleTimeoutMillis: 1_000,
    allowExitOnIdle: true,
  });
  locks.on('error', () => {});
  const seal = (person: string, tokens: StoredTokens) =>
    sealer.seal(JSON.stringify(tokens), tokensContext(person));
  return {
    async read(person) {
      const found = await pool.query<{ oura_tokens: string | null; oura_problem: string | null }>(
        `SELECT oura_tokens, oura_problem FROM ${table} WHERE person = $1`,
        [person],
      );
      const row = found.rows[0];
      return {
        known: row !== undefined,
        tokens: row?.oura_tokens
          ? (JSON.parse(sealer.open(row.oura_tokens, tokensContext(person))) as StoredTokens)
          : undefined,
        problem: row?.oura_problem ?? undefined,
      };
    },
    async enroll(person, tokens) {
      await pool.query(
        `INSERT INTO ${table} (person, oura_tokens) VALUES ($1, $2)
         ON CONFLICT (person) DO UPDATE SET oura_tokens = excluded.oura_tokens, oura_problem = NULL`,
        [person, seal(person, tokens)],
      );
    },
    async save(person, tokens) {
      await pool.query(
        `UPDATE ${table} SET oura_tokens = $2, oura_problem = NULL WHERE person = $1`,
        [person, seal(person, tokens)],
      );
    },
    async markProblem(person, problem) {
      await pool.query(`UPDATE ${table} SET oura_problem = $2 WHERE person = $1`, [
        person,
        problem,
      ]);
    },
    exclusive: (person, work) =>
      inTransaction(locks, async (holder) => {
        await holder.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
          `oura-refresh:${person}`,
        ]);
        // The work saves through the pool: a rotated refresh token is committed at once, not with this lock.
        return work();
      }),
  };
}
