/**
 * Who read whose data: every read of a participant's data by a cohort's admin
 * (their status, their documents, an export that holds them) is recorded
 * before it is answered, and researchers' ethics boards ask to see the record.
 * Append-only: the contract has no update or delete, and both stores refuse
 * them in the database too (`sqlite-audit-log.ts`, `pg-audit-log.ts`), so a
 * withdrawal that deletes a participant's data leaves the record of who read it.
 */

/** One read, as recorded. */
export interface AuditRecord {
  /** Who read: the admin's user id. */
  actor: string;
  /** What they did, e.g. `export`, `view-status`. */
  action: string;
  /** Whose data: the participant's pseudonymous label, never an email. */
  participant: string;
  cohort: string;
  /** What more there is to say (the data type and days of an export). */
  detail?: string;
}

/** A recorded entry, with its place and time. */
export interface AuditEntry extends AuditRecord {
  /** Increases with each entry recorded: the order entries were recorded in. */
  id: number;
  /** When it was recorded, on the store's clock (whole seconds). */
  at: Date;
}

export interface AuditFilter {
  cohort?: string;
  participant?: string;
  /** At most this many entries, newest first: 1 to {@link AUDIT_LIST_MAX}. */
  limit: number;
}

export interface AuditLog {
  record(entry: AuditRecord): Promise<void>;
  /** The newest entries matching the filter, newest first. */
  list(filter: AuditFilter): Promise<AuditEntry[]>;
}

/** The most entries one list answers: a page, not the whole log. */
export const AUDIT_LIST_MAX = 1000;

/** The limit, checked: a caller's mistake is an error, never a silently shorter page. */
export function auditLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > AUDIT_LIST_MAX) {
    throw new RangeError(`an audit list's limit is 1 to ${AUDIT_LIST_MAX}, not ${limit}`);
  }
  return limit;
}

/** Columns of both stores' table, as they come back. */
export interface AuditRow {
  id: number | string;
  at: number | string;
  actor: string;
  action: string;
  participant: string;
  cohort: string;
  detail: string | null;
}

/** An entry from a row of either store (PostgreSQL answers bigints as text). */
export function auditEntryOf(row: AuditRow): AuditEntry {
  return {
    id: Number(row.id),
    at: new Date(Number(row.at) * 1000),
    actor: row.actor,
    action: row.action,
    participant: row.participant,
    cohort: row.cohort,
    ...(row.detail === null ? {} : { detail: row.detail }),
  };
}
