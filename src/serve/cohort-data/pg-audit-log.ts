/**
 * The cohorts' audit log in the shared PostgreSQL database (its table:
 * `state-pg/pg-service-schema.ts`): every web process appends to one log.
 */
import type { Pool } from 'pg';
import { openServiceSchema, SERVICE_SCHEMA } from '../state-pg/pg-service-schema.js';
import { type AuditLog, type AuditRow, auditEntryOf, auditLimit } from './audit-log.js';

export async function openPgAuditLog(
  pool: Pool,
  now: () => number,
  schema = SERVICE_SCHEMA,
): Promise<AuditLog> {
  const s = await openServiceSchema(pool, schema);
  return {
    async record(entry) {
      await pool.query(
        `INSERT INTO ${s}.audit_log (at, actor, action, participant, cohort, detail)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          Math.floor(now() / 1000),
          entry.actor,
          entry.action,
          entry.participant,
          entry.cohort,
          entry.detail ?? null,
        ],
      );
    },
    async list(filter) {
      // A filter left out matches every value (`$n IS NULL`): one statement for all four cases.
      const found = await pool.query<AuditRow>(
        `SELECT id, at, actor, action, participant, cohort, detail FROM ${s}.audit_log
         WHERE ($1::text IS NULL OR cohort = $1) AND ($2::text IS NULL OR participant = $2)
         ORDER BY id DESC LIMIT $3`,
        [filter.cohort ?? null, filter.participant ?? null, auditLimit(filter.limit)],
      );
      return found.rows.map(auditEntryOf);
    },
  };
}
