/**
 * The grant store in the shared PostgreSQL database, for web processes on
 * several machines. A code or refresh token is spent once however many
 * processes race for it: its row is locked (`FOR UPDATE`) for the length of
 * the exchange, so the second presenter waits, then finds it used and revokes
 * the family, as OAuth 2.1 §4.3.1 asks.
 */
import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { inTransaction } from '../../history/postgres/pg-open.js';
import {
  type Grant,
  GrantRefused,
  type GrantStore,
  type IssuedTokens,
  LIFETIMES,
} from '../state/grant-store.js';
import { hashSecret, newSecret } from '../state/secret-values.js';
import { openServiceSchema, SERVICE_SCHEMA } from './pg-service-schema.js';

interface GrantRow {
  id: string;
  client_id: string;
  user_id: string;
  scopes: string;
  resource: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** node-postgres gives bigint columns as text: epoch seconds fit a double exactly. */
const seconds = (value: string | null): number | undefined =>
  value === null ? undefined : Number(value);

const toGrant = (row: GrantRow): Grant => ({
  id: row.id,
  clientId: row.client_id,
  userId: row.user_id,
  scopes: row.scopes === '' ? [] : row.scopes.split(' '),
  resource: row.resource,
  createdAt: Number(row.created_at),
  lastUsedAt: seconds(row.last_used_at),
});

type Queryable = Pool | PoolClient;

export async function openPgGrantStore(
  pool: Pool,
  now: () => number,
  schema = SERVICE_SCHEMA,
): Promise<GrantStore> {
  const s = await openServiceSchema(pool, schema);
  const at = () => Math.floor(now() / 1000);

  const codeRow = async (db: Queryable, code: string, lock: boolean) =>
    (
      await db.query<{
        grant_id: string;
        redirect_uri: string;
        code_challenge: string;
        expires_at: string;
        used_at: string | null;
        client_id: string;
        resource: string;
        revoked_at: string | null;
      }>(
        `SELECT c.grant_id, c.redirect_uri, c.code_challenge, c.expires_at, c.used_at,
                g.client_id, g.resource, g.revoked_at
           FROM ${s}.codes c JOIN ${s}.grants g ON g.id = c.grant_id
          WHERE c.code_hash = $1${lock ? ' FOR UPDATE OF c' : ''}`,
        [hashSecret(code)],
      )
    ).rows[0];

  const tokenRow = async (db: Queryable, token: string, kind: string, lock: boolean) =>
    (
      await db.query<
        Omit<GrantRow, 'id'> & { grant_id: string; expires_at: string; used_at: string | null }
      >(
        `SELECT t.grant_id, t.expires_at, t.used_at, g.client_id, g.user_id, g.scopes, g.resource,
                g.created_at, g.last_used_at, g.revoked_at
           FROM ${s}.tokens t JOIN ${s}.grants g ON g.id = t.grant_id
          WHERE t.token_hash = $1 AND t.kind = $2${lock ? ' FOR UPDATE OF t' : ''}`,
        [hashSecret(token), kind],
      )
    ).rows[0];

  const revokeFamily = async (db: Queryable, grantId: string) => {
    await db.query(`UPDATE ${s}.grants SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL`, [
      grantId,
      at(),
    ]);
    await db.query(`DELETE FROM ${s}.tokens WHERE grant_id = $1`, [grantId]);
  };

  const issue = async (db: PoolClient, grantId: string): Promise<IssuedTokens> => {
    const accessToken = newSecret();
    const refreshToken = newSecret();
    const t = at();
    await db.query(
      `INSERT INTO ${s}.tokens (token_hash, grant_id, kind, expires_at)
       VALUES ($1, $3, 'access', $4), ($2, $3, 'refresh', $5)`,
      [
        hashSecret(accessToken),
        hashSecret(refreshToken),
        grantId,
        t + LIFETIMES.accessSeconds,
        t + LIFETIMES.refreshSeconds,
      ],
    );
    const row = (
      await db.query<GrantRow>(
        `UPDATE ${s}.grants SET last_used_at = $2 WHERE id = $1 RETURNING *`,
        [grantId, t],
      )
    ).rows[0] as GrantRow;
    return { accessToken, refreshToken, expiresIn: LIFETIMES.accessSeconds, grant: toGrant(row) };
  };

  /** Runs a spend in a transaction; a refusal is thrown after the commit, so a revocation it made stays. */
  const spend = async (work: (db: PoolClient) => Promise<IssuedTokens | GrantRefused>) => {
    const outcome = await inTransaction(pool, work);
    if (outcome instanceof GrantRefused) throw outcome;
    return outcome;
  };

  return {
    async createCode(input) {
      const code = newSecret();
      const id = randomUUID();
      const t = at();
      await inTransaction(pool, async (db) => {
        await db.query(
          `INSERT INTO ${s}.grants (id, client_id, user_id, scopes, resource, created_at)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [id, input.clientId, input.userId, input.scopes.join(' '), input.resource, t],
        );
        await db.query(
          `INSERT INTO ${s}.codes (code_hash, grant_id, redirect_uri, code_challenge, expires_at)
           VALUES ($1, $2, $3, $4, $5)`,
          [hashSecret(code), id, input.redirectUri, input.codeChallenge, t + LIFETIMES.codeSeconds],
        );
      });
      return code;
    },

    async challengeFor(clientId, code) {
      const row = await codeRow(pool, code, false);
      if (!row || row.client_id !== clientId)
        throw new GrantRefused('unknown', 'authorization code');
      return row.code_challenge;
    },

    exchangeCode: (input) =>
      spend(async (db) => {
        const row = await codeRow(db, input.code, true);
        if (!row) return new GrantRefused('unknown', 'authorization code');
        if (row.client_id !== input.clientId)
          return new GrantRefused('wrong_client', 'authorization code');
        if (row.used_at !== null) {
          await revokeFamily(db, row.grant_id);
          return new GrantRefused('replayed', 'authorization code');
        }
        if (Number(row.expires_at) <= at())
          return new GrantRefused('expired', 'authorization code');
        if (row.revoked_at !== null) return new GrantRefused('revoked', 'authorization code');
        if (input.redirectUri !== undefined && input.redirectUri !== row.redirect_uri) {
          return new GrantRefused('wrong_redirect_uri', 'authorization code');
        }
        if (input.resource !== undefined && input.resource !== row.resource) {
          return new GrantRefused('wrong_resource', 'authorization code');
        }
        await db.query(`UPDATE ${s}.codes SET used_at = $2 WHERE code_hash = $1`, [
          hashSecret(input.code),
          at(),
        ]);
        return issue(db, row.grant_id);
      }),

    refresh: (input) =>
      spend(async (db) => {
        const row = await tokenRow(db, input.refreshToken, 'refresh', true);
        if (!row) return new GrantRefused('unknown', 'refresh token');
        if (row.client_id !== input.clientId)
          return new GrantRefused('wrong_client', 'refresh token');
        if (row.revoked_at !== null) return new GrantRefused('revoked', 'refresh token');
        if (row.used_at !== null) {
          await revokeFamily(db, row.grant_id);
          return new GrantRefused('replayed', 'refresh token');
        }
        if (Number(row.expires_at) <= at()) return new GrantRefused('expired', 'refresh token');
        if (input.resource !== undefined && input.resource !== row.resource) {
          return new GrantRefused('wrong_resource', 'refresh token');
        }
        await db.query(`UPDATE ${s}.tokens SET used_at = $2 WHERE token_hash = $1`, [
          hashSecret(input.refreshToken),
          at(),
        ]);
        return issue(db, row.grant_id);
      }),

    async verifyAccessToken(token) {
      const row = await tokenRow(pool, token, 'access', false);
      if (!row) throw new GrantRefused('unknown', 'access token');
      if (row.revoked_at !== null) throw new GrantRefused('revoked', 'access token');
      const expiresAt = Number(row.expires_at);
      const t = at();
      if (expiresAt <= t) throw new GrantRefused('expired', 'access token');
      const lastUsed = seconds(row.last_used_at);
      // One write a minute at most per grant: enough for "last used", cheap on every call.
      if (lastUsed === undefined || t - lastUsed >= 60) {
        await pool.query(`UPDATE ${s}.grants SET last_used_at = $2 WHERE id = $1`, [
          row.grant_id,
          t,
        ]);
      }
      return { grant: toGrant({ ...row, id: row.grant_id }), expiresAt };
    },

    async revokeToken(clientId, token) {
      const refresh = await tokenRow(pool, token, 'refresh', false);
      if (refresh && refresh.client_id === clientId) {
        await inTransaction(pool, (db) => revokeFamily(db, refresh.grant_id));
        return;
      }
      const access = await tokenRow(pool, token, 'access', false);
      if (access && access.client_id === clientId) {
        await pool.query(`DELETE FROM ${s}.tokens WHERE token_hash = $1`, [hashSecret(token)]);
      }
    },

    async revokeGrant(grantId) {
      await inTransaction(pool, (db) => revokeFamily(db, grantId));
    },

    async grantsOf(userId) {
      const found = await pool.query<GrantRow>(
        `SELECT g.* FROM ${s}.grants g WHERE g.user_id = $1 AND g.revoked_at IS NULL
            AND EXISTS (SELECT 1 FROM ${s}.tokens t WHERE t.grant_id = g.id AND t.expires_at > $2)
          ORDER BY g.created_at DESC`,
        [userId, at()],
      );
      return found.rows.map(toGrant);
    },

    async prune() {
      const t = at();
      await inTransaction(pool, async (db) => {
        await db.query(`DELETE FROM ${s}.codes WHERE expires_at <= $1`, [t - 86_400]);
        await db.query(`DELETE FROM ${s}.tokens WHERE expires_at <= $1`, [t]);
      });
    },
  };
}
