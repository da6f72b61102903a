/**
 * The account page's sessions: a random secret in an HttpOnly cookie, its
 * hash here, twelve hours. The forms' CSRF token is derived from the secret
 * (HMAC), so it needs no storage and dies with the session.
 */
import { createHmac } from 'node:crypto';
import { hashSecret, newSecret, sameHash } from './secret-values.js';
import type { StateDb } from './state-db.js';

const LIFETIME_SECONDS = 12 * 3600;

export class SessionStore {
  constructor(
    private readonly db: StateDb,
    private readonly now: () => number,
  ) {}

  private seconds(): number {
    return Math.floor(this.now() / 1000);
  }

  /** A new session for the person; answers the secret for the cookie. */
  create(userId: string): string {
    const secret = newSecret();
    this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(this.seconds());
    this.db
      .prepare('INSERT INTO sessions (id_hash, user_id, expires_at) VALUES (?, ?, ?)')
      .run(hashSecret(secret), userId, this.seconds() + LIFETIME_SECONDS);
    return secret;
  }

  /** The person a session cookie belongs to, if it is live. */
  userOf(secret: string | undefined): string | undefined {
    if (!secret) return undefined;
    const row = this.db
      .prepare('SELECT user_id FROM sessions WHERE id_hash = ? AND expires_at > ?')
      .get(hashSecret(secret), this.seconds()) as { user_id: string } | undefined;
    return row?.user_id;
  }

  end(secret: string | undefined): void {
    if (secret) this.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(hashSecret(secret));
  }

  static csrfToken(secret: string): string {
    return createHmac('sha256', secret).update('account-page-csrf').digest('base64url');
  }

  static csrfMatches(secret: string, token: unknown): boolean {
    return typeof token === 'string' && sameHash(SessionStore.csrfToken(secret), token);
  }
}
