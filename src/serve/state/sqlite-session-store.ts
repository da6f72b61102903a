/** The account page's sessions in the server's SQLite state. */
import { prepared } from '../../history/statements.js';
import { hashSecret, newSecret } from './secret-values.js';
import { SESSION_SECONDS, type SessionStore } from './session-store.js';
import type { StateDb } from './state-db.js';

export class SqliteSessionStore implements SessionStore {
  constructor(
    private readonly db: StateDb,
    private readonly now: () => number,
  ) {}

  private seconds(): number {
    return Math.floor(this.now() / 1000);
  }

  async create(userId: string): Promise<string> {
    const secret = newSecret();
    prepared(this.db, 'DELETE FROM sessions WHERE expires_at <= ?').run(this.seconds());
    prepared(this.db, 'INSERT INTO sessions (id_hash, user_id, expires_at) VALUES (?, ?, ?)').run(
      hashSecret(secret),
      userId,
      this.seconds() + SESSION_SECONDS,
    );
    return secret;
  }

  async userOf(secret: string | undefined): Promise<string | undefined> {
    if (!secret) return undefined;
    const row = prepared(
      this.db,
      'SELECT user_id FROM sessions WHERE id_hash = ? AND expires_at > ?',
    ).get(hashSecret(secret), this.seconds()) as { user_id: string } | undefined;
    return row?.user_id;
  }

  async end(secret: string | undefined): Promise<void> {
    if (secret) prepared(this.db, 'DELETE FROM sessions WHERE id_hash = ?').run(hashSecret(secret));
  }
}
