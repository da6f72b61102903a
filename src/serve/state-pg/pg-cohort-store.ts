/** Cohorts in the shared PostgreSQL database: a link spent once, whichever web process its sign-in lands on. */
import type { Pool } from 'pg';
import { inTransaction } from '../../history/postgres/pg-open.js';
import {
  type CohortStore,
  linkState,
  newParticipantId,
  PARTICIPANT_COLUMNS,
  type ParticipantRow,
  participantFromRow,
} from '../state/cohort-store.js';
import { hashSecret, newSecret } from '../state/secret-values.js';
import { openServiceSchema, SERVICE_SCHEMA } from './pg-service-schema.js';

export async function openPgCohortStore(
  pool: Pool,
  now: () => number,
  schema = SERVICE_SCHEMA,
): Promise<CohortStore> {
  const quoted = await openServiceSchema(pool, schema);
  const [cohorts, links, participants] = ['cohorts', 'enrollment_links', 'participants'].map(
    (table) => `${quoted}.${table}`,
  );
  const at = () => Math.floor(now() / 1000);
  const linkRow = async (code: string) =>
    (
      await pool.query(`SELECT cohort, used_at, expires_at FROM ${links} WHERE code_hash = $1`, [
        hashSecret(code),
      ])
    ).rows[0] as { cohort: string; used_at: string | null; expires_at: string } | undefined;
  return {
    async createLink(cohort, seconds) {
      const code = newSecret();
      await inTransaction(pool, async (client) => {
        await client.query(
          `INSERT INTO ${cohorts} (name, created_at) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
          [cohort, at()],
        );
        await client.query(
          `INSERT INTO ${links} (code_hash, cohort, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
          [hashSecret(code), cohort, at(), at() + seconds],
        );
      });
      return code;
    },
    async check(code) {
      return linkState(await linkRow(code), at());
    },
    async enroll(code, personId, consentedAt) {
      return inTransaction(pool, async (client) => {
        // One conditional UPDATE: of two sign-ins racing for the link, the second finds it used.
        const spent = await client.query(
          `UPDATE ${links} SET used_at = $1
            WHERE code_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING cohort`,
          [at(), hashSecret(code)],
        );
        const cohort = (spent.rows[0] as { cohort: string } | undefined)?.cohort;
        if (cohort === undefined) {
          const state = linkState(await linkRow(code), at());
          return { enrolled: false, state: state.state === 'usable' ? 'used' : state.state };
        }
        const withdrawSecret = newSecret();
        const joined = await client.query(
          `INSERT INTO ${participants} (id, cohort, person, withdraw_hash, joined_at, consented_at)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (cohort, person) DO UPDATE
             SET withdraw_hash = excluded.withdraw_hash, consented_at = excluded.consented_at,
                 withdrawn_at = NULL
           RETURNING ${PARTICIPANT_COLUMNS}`,
          [newParticipantId(), cohort, personId, hashSecret(withdrawSecret), at(), consentedAt],
        );
        return {
          enrolled: true,
          participant: participantFromRow(joined.rows[0] as ParticipantRow),
          withdrawSecret,
        };
      });
    },
    async cohorts() {
      const found = await pool.query(`SELECT name FROM ${cohorts} ORDER BY name`);
      return (found.rows as { name: string }[]).map((row) => row.name);
    },
    async participants(cohort) {
      const found = await pool.query(
        `SELECT ${PARTICIPANT_COLUMNS} FROM ${participants} WHERE cohort = $1 ORDER BY joined_at, id`,
        [cohort],
      );
      return (found.rows as ParticipantRow[]).map(participantFromRow);
    },
    async participant(cohort, id) {
      const found = await pool.query(
        `SELECT ${PARTICIPANT_COLUMNS} FROM ${participants} WHERE cohort = $1 AND id = $2`,
        [cohort, id],
      );
      const row = found.rows[0] as ParticipantRow | undefined;
      return row ? participantFromRow(row) : undefined;
    },
    async byWithdrawSecret(secret) {
      const found = await pool.query(
        `SELECT ${PARTICIPANT_COLUMNS} FROM ${participants} WHERE withdraw_hash = $1`,
        [hashSecret(secret)],
      );
      const row = found.rows[0] as ParticipantRow | undefined;
      return row ? participantFromRow(row) : undefined;
    },
    async withdraw(participantId) {
      await pool.query(
        `UPDATE ${participants} SET person = NULL, withdrawn_at = coalesce(withdrawn_at, $1)
          WHERE id = $2`,
        [at(), participantId],
      );
    },
  };
}
