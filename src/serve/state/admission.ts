/**
 * Who may sign in. Nobody, until the owner claims the server with the
 * one-time code printed on its console at start (as Jupyter's token or Home
 * Assistant's onboarding do: never "whoever comes first"). Then the people
 * already known, those on the `--allow` list (Oura account id or email), and
 * whoever brings an unused invite (`oura serve invite`).
 */

import {
  hashSecret,
  newSecret,
  newTypedCode,
  normalizeTypedCode,
  sameHash,
} from './secret-values.js';
import type { StateDb } from './state-db.js';
import { readSetting, writeSetting } from './state-db.js';

export type Admission =
  | { admitted: true; role: 'owner' | 'member'; consume: () => void }
  | { admitted: false; reason: string };

const CLAIM_KEY = 'claim_code_hash';
const OWNER_KEY = 'owner';

export class AdmissionPolicy {
  constructor(
    private readonly db: StateDb,
    private readonly allow: readonly string[],
    private readonly now: () => number,
  ) {}

  isClaimed(): boolean {
    return readSetting(this.db, OWNER_KEY) !== undefined;
  }

  /**
   * A fresh claim code while the server has no owner (a new one at every
   * start, so a code seen in an old log is dead), else undefined.
   */
  newClaimCode(): string | undefined {
    if (this.isClaimed()) return undefined;
    const code = newTypedCode();
    writeSetting(this.db, CLAIM_KEY, hashSecret(code));
    return code;
  }

  /** Whether a typed code is the current claim code (only while the server has no owner). */
  claimCodeMatches(code: string | undefined): boolean {
    const stored = readSetting(this.db, CLAIM_KEY);
    return Boolean(stored && code && sameHash(stored, hashSecret(normalizeTypedCode(code))));
  }

  /** An invite link's code, valid for `seconds`. */
  createInvite(seconds: number): string {
    const code = newSecret();
    const at = Math.floor(this.now() / 1000);
    this.db
      .prepare('INSERT INTO invites (code_hash, created_at, expires_at) VALUES (?, ?, ?)')
      .run(hashSecret(code), at, at + seconds);
    return code;
  }

  /** Whether this Oura account may sign in, given the code typed on the consent page. */
  decide(
    account: { id: string; email: string | undefined },
    known: boolean,
    code: string | undefined,
  ): Admission {
    const nothing = () => {};
    if (!this.isClaimed()) {
      if (this.claimCodeMatches(code)) {
        return {
          admitted: true,
          role: 'owner',
          consume: () => {
            writeSetting(this.db, OWNER_KEY, account.id);
            writeSetting(this.db, CLAIM_KEY, undefined);
          },
        };
      }
      return {
        admitted: false,
        reason:
          'This server has not been claimed yet: its owner signs in first, with the claim code printed on the server’s console.',
      };
    }
    if (known) return { admitted: true, role: 'member', consume: nothing };
    const listed = this.allow.some(
      (entry) =>
        entry === account.id ||
        (account.email !== undefined && entry.toLowerCase() === account.email.toLowerCase()),
    );
    if (listed) return { admitted: true, role: 'member', consume: nothing };
    if (code) {
      const hash = hashSecret(code.trim());
      const invite = this.db
        .prepare(
          'SELECT code_hash FROM invites WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?',
        )
        .get(hash, Math.floor(this.now() / 1000)) as { code_hash: string } | undefined;
      if (invite) {
        return {
          admitted: true,
          role: 'member',
          consume: () => {
            this.db
              .prepare('UPDATE invites SET used_by = ?, used_at = ? WHERE code_hash = ?')
              .run(account.id, Math.floor(this.now() / 1000), hash);
          },
        };
      }
    }
    return {
      admitted: false,
      reason:
        'This Oura account is not invited to this server. Ask its owner for an invite link (`oura serve invite`).',
    };
  }

  /** The owner's Oura account id. */
  owner(): string | undefined {
    return readSetting(this.db, OWNER_KEY);
  }
}
