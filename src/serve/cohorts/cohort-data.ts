/**
 * What the admin page asks of a participant's data, and where it records each
 * time it asked: the status (`cohort-data/participant-status.ts`) over the
 * person's history, their history's reader for an export, and the audit log
 * (`cohort-data/audit-log.ts`) in the server's state.
 */
import type { StoredHistoryReader } from '../../history/store-contract.js';
import type { AuditLog } from '../cohort-data/audit-log.js';
import { participantStatus } from '../cohort-data/participant-status.js';
import type { UserStore } from '../state/user-store.js';
import type { UserEngines } from '../user-engines.js';

export interface ParticipantStatus {
  /** Epoch seconds. */
  lastSyncAt: number | undefined;
  /** Local days of the last 14 with a heart-rate sample or a sleep; undefined before any sync. */
  daysWithDataLast14: number | undefined;
}

/** One read of participants' data by an admin. */
export interface AdminRead {
  /** The admin's Oura account id. */
  admin: string;
  action: 'list-cohort' | 'read-participant' | 'export';
  cohort: string;
  /** The pseudonymous participant id, for one participant's page. */
  participant?: string;
  /** What more there is to say (an export's type, days and format). */
  detail?: string;
}

export interface CohortData {
  status(personId: string): Promise<ParticipantStatus>;
  /** The person's history, or undefined before their first sync. */
  reader(personId: string): Promise<StoredHistoryReader | undefined>;
  audit(read: AdminRead): Promise<void>;
}

export function cohortData(
  engines: UserEngines,
  users: UserStore,
  audit: AuditLog,
  now?: () => Date,
): CohortData {
  const reader = async (personId: string) => {
    const read = await engines.for(personId).deps.history?.reader();
    // Asked once the history is open (on PostgreSQL opening makes the person's schema):
    // leaving deletes the person before their history, so one who withdrew while the
    // page was read is seen gone here, and what this read made goes with them.
    if (await users.get(personId)) return read;
    await engines.drop(personId);
    await engines.deleteHistory(personId);
    return undefined;
  };
  return {
    reader,
    async status(personId) {
      const history = await reader(personId);
      const lastSyncAt = (await users.get(personId))?.lastSyncAt;
      if (!history) return { lastSyncAt, daysWithDataLast14: undefined };
      const status = await participantStatus(history, now);
      return {
        lastSyncAt: status.lastSyncAt ? Date.parse(status.lastSyncAt) / 1000 : lastSyncAt,
        daysWithDataLast14: status.daysWithDataLast14,
      };
    },
    async audit(read) {
      await audit.record({
        actor: read.admin,
        action: read.action,
        // A read of the whole cohort names no one participant.
        participant: read.participant ?? '*',
        cohort: read.cohort,
        ...(read.detail ? { detail: read.detail } : {}),
      });
    },
  };
}
