/** The people who signed in, in the server's SQLite state. */
import type { StoredTokens } from '../../auth/tokens.js';
import { prepared } from '../../history/statements.js';
import type { StateDb } from './state-db.js';
import { type Sealer, type ServeUser, tokensContext, type UserStore } from './user-store.js';

interface UserRow {
  id: string;
  email: string | null;
  role: 'owner' | 'member';
  oura_problem: string | null;
  created_at: number;
  last_sync_at: number | null;
}

// Not the sealed Oura tokens: every /mcp request looks its person up, and only `tokens()` opens them.
const USER_COLUMNS = 'id, email, role, oura_problem, created_at, last_sync_at';

const toUser = (row: UserRow): ServeUser => ({
  id: row.id,
  email: row.email ?? undefined,
  role: row.role,
  createdAt: row.created_at,
  lastSyncAt: row.last_sync_at ?? undefined,
  ouraProblem: row.oura_problem ?? undefined,
});

export class SqliteUserStore implements UserStore {
  constructor(
    private readonly db: StateDb,
    private readonly sealer: Sealer,
    private readonly now: () => number,
  ) {}

  async get(userId: string): Promise<ServeUser | undefined> {
    const row = prepared(this.db, `SELECT ${USER_COLUMNS} FROM users WHERE id = ?`).get(userId) as
      | UserRow
      | undefined;
    return row ? toUser(row) : undefined;
  }

  async all(): Promise<ServeUser[]> {
    return (
      prepared(this.db, `SELECT ${USER_COLUMNS} FROM users ORDER BY created_at`).all() as UserRow[]
    ).map(toUser);
  }

  async saveSignIn(input: {
    id: string;
    email: string | undefined;
    role: 'owner' | 'member';
    tokens: StoredTokens;
  }): Promise<void> {
    const sealed = this.sealer.seal(JSON.stringify(input.tokens), tokensContext(input.id));
    prepared(
      this.db,
      `INSERT INTO users (id, email, role, oura_tokens, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET email = excluded.email, oura_tokens = excluded.oura_tokens,
           oura_problem = NULL`,
    ).run(input.id, input.email ?? null, input.role, sealed, Math.floor(this.now() / 1000));
  }

  async tokens(userId: string): Promise<StoredTokens | undefined> {
    const row = prepared(this.db, 'SELECT oura_tokens FROM users WHERE id = ?').get(userId) as
      | { oura_tokens: string | null }
      | undefined;
    if (!row?.oura_tokens) return undefined;
    return JSON.parse(this.sealer.open(row.oura_tokens, tokensContext(userId))) as StoredTokens;
  }

  async saveTokens(userId: string, tokens: StoredTokens): Promise<void> {
    prepared(this.db, 'UPDATE users SET oura_tokens = ?, oura_problem = NULL WHERE id = ?').run(
      this.sealer.seal(JSON.stringify(tokens), tokensContext(userId)),
      userId,
    );
  }

  async markProblem(userId: string, problem: string): Promise<void> {
    prepared(this.db, 'UPDATE users SET oura_problem = ? WHERE id = ?').run(problem, userId);
  }

  async markSynced(userId: string): Promise<void> {
    prepared(this.db, 'UPDATE users SET last_sync_at = ? WHERE id = ?').run(
      Math.floor(this.now() / 1000),
      userId,
    );
  }

  async delete(userId: string): Promise<void> {
    prepared(this.db, 'DELETE FROM users WHERE id = ?').run(userId);
  }

  /** Every sealed value, for re-sealing under a new key (`oura serve rotate-key`). */
  reseal(reseal: (sealed: string, context: string) => string): number {
    const rows = prepared(
      this.db,
      'SELECT id, oura_tokens FROM users WHERE oura_tokens IS NOT NULL',
    ).all() as { id: string; oura_tokens: string }[];
    const update = prepared(this.db, 'UPDATE users SET oura_tokens = ? WHERE id = ?');
    this.db.transaction(() => {
      for (const row of rows) update.run(reseal(row.oura_tokens, tokensContext(row.id)), row.id);
    })();
    return rows.length;
  }
}
