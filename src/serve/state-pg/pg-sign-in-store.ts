/**
 * Sign-ins in progress in the shared PostgreSQL database: the consent page
 * and Oura's callback may land on different web processes. The callback's
 * take is one `DELETE … RETURNING`, so of two callbacks with one state only
 * the first finds the sign-in.
 */
import type { Pool } from 'pg';
import { hashSecret, newSecret } from '../state/secret-values.js';
import {
  admissionContext,
  belongsTo,
  SIGN_IN_SECONDS,
  type SignInRow,
  type SignInStore,
  signInFromRow,
  verifierContext,
} from '../state/sign-in-store.js';
import type { Sealer } from '../state/user-store.js';
import { openServiceSchema, SERVICE_SCHEMA } from './pg-service-schema.js';

export async function openPgSignInStore(
  pool: Pool,
  sealer: Sealer,
  now: () => number,
  schema = SERVICE_SCHEMA,
): Promise<SignInStore> {
  const signIns = `${await openServiceSchema(pool, schema)}.sign_ins`;
  const at = () => Math.floor(now() / 1000);
  return {
    async start(input) {
      const id = newSecret();
      const browserSecret = newSecret();
      await pool.query(`DELETE FROM ${signIns} WHERE expires_at <= $1`, [at()]);
      await pool.query(
        `INSERT INTO ${signIns} (id, browser_hash, client_id, redirect_uri, code_challenge,
           client_state, scopes, resource, purpose, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          id,
          hashSecret(browserSecret),
          input.clientId,
          input.redirectUri,
          input.codeChallenge,
          input.clientState ?? null,
          input.scopes.join(' '),
          input.resource,
          input.purpose ?? 'mcp',
          at() + SIGN_IN_SECONDS,
        ],
      );
      return { id, browserSecret };
    },
    async find(id, browserSecret) {
      const row = (await pool.query<SignInRow>(`SELECT * FROM ${signIns} WHERE id = $1`, [id]))
        .rows[0];
      if (!row || !belongsTo(row, browserSecret, at())) return undefined;
      return signInFromRow(row, sealer);
    },
    async toOura(id, input) {
      await pool.query(
        `UPDATE ${signIns} SET oura_state_hash = $2, oura_verifier = $3, admission = $4 WHERE id = $1`,
        [
          id,
          hashSecret(input.ouraState),
          sealer.seal(input.ouraVerifier, verifierContext(id)),
          input.admission ? sealer.seal(input.admission, admissionContext(id)) : null,
        ],
      );
    },
    async takeForCallback(ouraState, browserSecret) {
      const stateHash = hashSecret(ouraState);
      const row = (
        await pool.query<SignInRow>(`SELECT * FROM ${signIns} WHERE oura_state_hash = $1`, [
          stateHash,
        ])
      ).rows[0];
      if (!row || !belongsTo(row, browserSecret(row.id), at()) || !row.oura_verifier)
        return undefined;
      const taken = await pool.query(
        `DELETE FROM ${signIns} WHERE id = $1 AND oura_state_hash = $2`,
        [row.id, stateHash],
      );
      if (taken.rowCount !== 1) return undefined;
      return {
        ...signInFromRow(row, sealer),
        ouraVerifier: sealer.open(row.oura_verifier, verifierContext(row.id)),
      };
    },
    async delete(id) {
      await pool.query(`DELETE FROM ${signIns} WHERE id = $1`, [id]);
    },
  };
}
