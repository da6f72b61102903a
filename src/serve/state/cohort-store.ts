/**
 * Cohorts (a study, a team): the people who joined one through an enrollment
 * link, each known to admins by a pseudonymous participant id. Enrollment
 * links are one-time and expiring, withdrawal links last until used; both are
 * kept only as hashes (like invites). A withdrawn participant stays as a row
 * with no person behind it, so an admin sees "withdrawn" rather than a gap.
 * Kept in the SQLite state (`sqlite-cohort-store.ts`) or the shared
 * PostgreSQL database (`state-pg/pg-cohort-store.ts`).
 */
import { randomBytes } from 'node:crypto';

export interface Participant {
  /** Pseudonymous: what admins see instead of the Oura account. */
  id: string;
  cohort: string;
  /** The Oura account id; undefined once they withdrew or deleted their data. */
  personId: string | undefined;
  joinedAt: number;
  /** When they pressed the consent button on the enrollment page (epoch seconds). */
  consentedAt: number;
  withdrawnAt: number | undefined;
}

/** What an enrollment link's code is, now. */
export type LinkState =
  | { state: 'usable'; cohort: string }
  | { state: 'used' | 'expired' | 'unknown' };

export type Enrollment =
  | { enrolled: true; participant: Participant; withdrawSecret: string }
  | { enrolled: false; state: 'used' | 'expired' | 'unknown' };

export interface CohortStore {
  /** A one-time enrollment link's code into `cohort` (made if new), valid for `seconds`. */
  createLink(cohort: string, seconds: number): Promise<string>;
  check(code: string): Promise<LinkState>;
  /**
   * Spends the link for this (already saved) person and makes them a
   * participant of its cohort, consent dated `consentedAt`; once, however
   * many sign-ins race for it. A person already in the cohort keeps their
   * participant id and gets a new withdrawal link (the old one dies).
   */
  enroll(code: string, personId: string, consentedAt: number): Promise<Enrollment>;
  /** Every cohort's name, alphabetically. */
  cohorts(): Promise<string[]>;
  /** A cohort's participants, first to join first. */
  participants(cohort: string): Promise<Participant[]>;
  /** The participant with this id in this cohort (none from another cohort). */
  participant(cohort: string, id: string): Promise<Participant | undefined>;
  /** The participant a withdrawal link belongs to, withdrawn or not. */
  byWithdrawSecret(secret: string): Promise<Participant | undefined>;
  /** Marks them withdrawn and forgets which Oura account they were. */
  withdraw(participantId: string): Promise<void>;
}

/** A cohort's name as `oura serve invite --cohort` accepts it: safe in a URL and a log line. */
export const COHORT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** `p-` and 12 characters without look-alikes (~59 bits): unguessable enough that an id names nobody by itself. */
export function newParticipantId(): string {
  return `p-${[...randomBytes(12)].map((byte) => ALPHABET[byte % ALPHABET.length]).join('')}`;
}

/** A stored participant's row, as both stores keep it (times in epoch seconds). */
export interface ParticipantRow {
  id: string;
  cohort: string;
  person: string | null;
  joined_at: number | string;
  consented_at: number | string;
  withdrawn_at: number | string | null;
}

export const participantFromRow = (row: ParticipantRow): Participant => ({
  id: row.id,
  cohort: row.cohort,
  personId: row.person ?? undefined,
  joinedAt: Number(row.joined_at),
  consentedAt: Number(row.consented_at),
  withdrawnAt: row.withdrawn_at === null ? undefined : Number(row.withdrawn_at),
});

/** Why a link cannot be used, from its row (undefined: none). */
export function linkState(
  row: { cohort: string; used_at: number | string | null; expires_at: number | string } | undefined,
  nowSeconds: number,
): LinkState {
  if (!row) return { state: 'unknown' };
  if (row.used_at !== null) return { state: 'used' };
  if (Number(row.expires_at) <= nowSeconds) return { state: 'expired' };
  return { state: 'usable', cohort: row.cohort };
}

export const PARTICIPANT_COLUMNS = 'id, cohort, person, joined_at, consented_at, withdrawn_at';
