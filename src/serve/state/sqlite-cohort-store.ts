/** Cohorts in the server's SQLite state (see `cohort-store.ts`). */
import { prepared } from '../../history/statements.js';
import {
  type CohortStore,
  type Enrollment,
  linkState,
  newParticipantId,
  PARTICIPANT_COLUMNS,
  type ParticipantRow,
  participantFromRow,
} from './cohort-store.js';
import { hashSecret, newSecret } from './secret-values.js';
import type { StateDb } from './state-db.js';

interface LinkRow {
  cohort: string;
  used_at: number | null;
  expires_at: number;
}

export function sqliteCohortStore(db: StateDb, now: () => number): CohortStore {
  const at = () => Math.floor(now() / 1000);
  const link = (code: string) =>
    prepared(
      db,
      'SELECT cohort, used_at, expires_at FROM enrollment_links WHERE code_hash = ?',
    ).get(hashSecret(code)) as LinkRow | undefined;
  const byId = (id: string) =>
    prepared(db, `SELECT ${PARTICIPANT_COLUMNS} FROM participants WHERE id = ?`).get(id) as
      | ParticipantRow
      | undefined;
  const enroll = db.transaction((code: string, personId: string, consentedAt: number) => {
    const state = linkState(link(code), at());
    if (state.state !== 'usable') return { enrolled: false, state: state.state } as Enrollment;
    prepared(db, 'UPDATE enrollment_links SET used_at = ? WHERE code_hash = ?').run(
      at(),
      hashSecret(code),
    );
    const withdrawSecret = newSecret();
    const already = prepared(db, 'SELECT id FROM participants WHERE cohort = ? AND person = ?').get(
      state.cohort,
      personId,
    ) as { id: string } | undefined;
    const id = already?.id ?? newParticipantId();
    if (already) {
      prepared(
        db,
        'UPDATE participants SET withdraw_hash = ?, consented_at = ?, withdrawn_at = NULL WHERE id = ?',
      ).run(hashSecret(withdrawSecret), consentedAt, id);
    } else {
      prepared(
        db,
        `INSERT INTO participants (id, cohort, person, withdraw_hash, joined_at, consented_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ).run(id, state.cohort, personId, hashSecret(withdrawSecret), at(), consentedAt);
    }
    return {
      enrolled: true,
      participant: participantFromRow(byId(id) as ParticipantRow),
      withdrawSecret,
    } as Enrollment;
  });
  return {
    async createLink(cohort, seconds) {
      const code = newSecret();
      db.transaction(() => {
        prepared(db, 'INSERT OR IGNORE INTO cohorts (name, created_at) VALUES (?, ?)').run(
          cohort,
          at(),
        );
        prepared(
          db,
          'INSERT INTO enrollment_links (code_hash, cohort, created_at, expires_at) VALUES (?, ?, ?, ?)',
        ).run(hashSecret(code), cohort, at(), at() + seconds);
      }).immediate();
      return code;
    },
    async check(code) {
      return linkState(link(code), at());
    },
    async enroll(code, personId, consentedAt) {
      return enroll.immediate(code, personId, consentedAt);
    },
    async cohorts() {
      return (
        prepared(db, 'SELECT name FROM cohorts ORDER BY name').all() as { name: string }[]
      ).map((row) => row.name);
    },
    async participants(cohort) {
      return (
        prepared(
          db,
          `SELECT ${PARTICIPANT_COLUMNS} FROM participants WHERE cohort = ? ORDER BY joined_at, id`,
        ).all(cohort) as ParticipantRow[]
      ).map(participantFromRow);
    },
    async participant(cohort, id) {
      const row = byId(id);
      return row && row.cohort === cohort ? participantFromRow(row) : undefined;
    },
    async byWithdrawSecret(secret) {
      const row = prepared(
        db,
        `SELECT ${PARTICIPANT_COLUMNS} FROM participants WHERE withdraw_hash = ?`,
      ).get(hashSecret(secret)) as ParticipantRow | undefined;
      return row ? participantFromRow(row) : undefined;
    },
    async withdraw(participantId) {
      prepared(
        db,
        'UPDATE participants SET person = NULL, withdrawn_at = coalesce(withdrawn_at, ?) WHERE id = ?',
      ).run(at(), participantId);
    },
  };
}
