/**
 * Invites (`oura serve invite`): one-time codes, kept only as hashes, that let
 * one more Oura account sign in before they run out. In the SQLite state
 * (here) or the shared PostgreSQL database (`state-pg/pg-invite-store.ts`).
 */
import { prepared } from '../../history/statements.js';
import { hashSecret, newSecret } from './secret-values.js';
import type { StateDb } from './state-db.js';

export interface InviteStore {
  /** A new invite's code, valid for `seconds`. */
  create(seconds: number): Promise<string>;
  /** Whether the code is an invite neither used nor run out. */
  usable(code: string): Promise<boolean>;
  /**
   * Spends the invite for this (already saved) account; false when another
   * sign-in spent it first, or it ran out meanwhile.
   */
  use(code: string, accountId: string): Promise<boolean>;
}

export function sqliteInviteStore(db: StateDb, now: () => number): InviteStore {
  const at = () => Math.floor(now() / 1000);
  return {
    async create(seconds) {
      const code = newSecret();
      prepared(db, 'INSERT INTO invites (code_hash, created_at, expires_at) VALUES (?, ?, ?)').run(
        hashSecret(code),
        at(),
        at() + seconds,
      );
      return code;
    },
    async usable(code) {
      return (
        prepared(
          db,
          'SELECT 1 FROM invites WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?',
        ).get(hashSecret(code), at()) !== undefined
      );
    },
    async use(code, accountId) {
      const spent = prepared(
        db,
        `UPDATE invites SET used_by = ?, used_at = ?
           WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?`,
      ).run(accountId, at(), hashSecret(code), at());
      return spent.changes === 1;
    },
  };
}
