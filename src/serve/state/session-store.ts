/**
 * The account page's sessions: a random secret in an HttpOnly cookie, its
 * hash in the store, twelve hours. The forms' CSRF token is derived from the
 * secret (HMAC), so it needs no storage and dies with the session. Kept in
 * the SQLite state (`sqlite-session-store.ts`) or the shared PostgreSQL
 * database (`state-pg/pg-session-store.ts`).
 */
import { createHmac } from 'node:crypto';
import { sameHash } from './secret-values.js';

export const SESSION_SECONDS = 12 * 3600;

export interface SessionStore {
  /** A new session for the person; answers the secret for the cookie. */
  create(userId: string): Promise<string>;
  /** The person a session cookie belongs to, if it is live. */
  userOf(secret: string | undefined): Promise<string | undefined>;
  end(secret: string | undefined): Promise<void>;
}

export function csrfToken(secret: string): string {
  return createHmac('sha256', secret).update('account-page-csrf').digest('base64url');
}

export function csrfMatches(secret: string, token: unknown): boolean {
  return typeof token === 'string' && sameHash(csrfToken(secret), token);
}
