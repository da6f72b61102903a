/** The cohorts' audit log in the server's SQLite state (its table: `state/state-db.ts`). */
import { prepared } from '../../history/statements.js';
import type { StateDb } from '../state/state-db.js';
import { type AuditLog, type AuditRow, auditEntryOf, auditLimit } from './audit-log.js';

export function sqliteAuditLog(db: StateDb, now: () => number): AuditLog {
  return {
    async record(entry) {
      prepared(
        db,
        `INSERT INTO audit_log (at, actor, action, participant, cohort, detail)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ).run(
        Math.floor(now() / 1000),
        entry.actor,
        entry.action,
        entry.participant,
        entry.cohort,
        entry.detail ?? null,
      );
    },
    async list(filter) {
      // A filter left out matches every value (`IS NULL`): one statement for all four cases.
      const rows = prepared(
        db,
        `SELECT id, at, actor, action, participant, cohort, detail FROM audit_log
         WHERE (@cohort IS NULL OR cohort = @cohort)
           AND (@participant IS NULL OR participant = @participant)
         ORDER BY id DESC LIMIT @limit`,
      ).all({
        cohort: filter.cohort ?? null,
        participant: filter.participant ?? null,
        limit: auditLimit(filter.limit),
      });
      return (rows as AuditRow[]).map(auditEntryOf);
    },
  };
}
