/**
 * What the admin page asks of a participant's data, and where it records each
 * time it asked: the seam where `cohort-data/` plugs in (its
 * `participantStatus` over the person's history, its `AuditLog`). Until then,
 * {@link placeholderCohortData} answers the last sync from the person's row and
 * no day count, and writes each read to the operator's log.
 */
import type { UserStore } from '../state/user-store.js';

export interface ParticipantStatus {
  /** Epoch seconds. */
  lastSyncAt: number | undefined;
  /** Local days of the last 14 with any data; undefined when not worked out. */
  daysWithDataLast14: number | undefined;
}

/** One read of participants' data by an admin. */
export interface AdminRead {
  /** The admin's Oura account id. */
  admin: string;
  action: 'list-cohort' | 'read-participant';
  cohort: string;
  /** The pseudonymous participant id, for one participant's page. */
  participant?: string;
}

export interface CohortData {
  status(personId: string): Promise<ParticipantStatus>;
  audit(read: AdminRead): Promise<void>;
}

/** The stand-in the lead replaces with `cohort-data/` at merge. */
export function placeholderCohortData(users: UserStore, log: (line: string) => void): CohortData {
  return {
    async status(personId) {
      return { lastSyncAt: (await users.get(personId))?.lastSyncAt, daysWithDataLast14: undefined };
    },
    async audit(read) {
      // The operator's log carries no Oura id: the owner is the only admin, participants are pseudonymous.
      const what = read.participant
        ? `read participant ${read.participant}`
        : 'listed the participants';
      log(`audit: the owner ${what} of cohort ${read.cohort}`);
    },
  };
}
