/**
 * The grant store in the server's SQLite state (one process owns the file):
 * each exchange and refresh is one IMMEDIATE transaction, so a code or a
 * refresh token is spent exactly once.
 */
import { randomUUID } from 'node:crypto';
import { prepared } from '../../history/statements.js';
import {
  type Grant,
  GrantRefused,
  type GrantStore,
  type IssuedTokens,
  LIFETIMES,
} from './grant-store.js';
import { hashSecret, newSecret } from './secret-values.js';
import type { StateDb } from './state-db.js';

interface GrantRow {
  id: string;
  client_id: string;
  user_id: string;
  scopes: string;
  resource: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

const toGrant = (row: GrantRow): Grant => ({
  id: row.id,
  clientId: row.client_id,
  userId: row.user_id,
  scopes: row.scopes === '' ? [] : row.scopes.split(' '),
  resource: row.resource,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at ?? undefined,
});

export class SqliteGrantStore implements GrantStore {
  constructor(
    private readonly db: StateDb,
    private readonly now: () => number,
  ) {}

  private seconds(): number {
    return Math.floor(this.now() / 1000);
  }

  async createCode(input: {
    clientId: string;
    userId: string;
    scopes: string[];
    resource: string;
    redirectUri: string;
    codeChallenge: string;
  }): Promise<string> {
    const code = newSecret();
    const id = randomUUID();
    const at = this.seconds();
    this.db.transaction(() => {
      prepared(
        this.db,
        'INSERT INTO grants (id, client_id, user_id, scopes, resource, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      ).run(id, input.clientId, input.userId, input.scopes.join(' '), input.resource, at);
      prepared(
        this.db,
        'INSERT INTO codes (code_hash, grant_id, redirect_uri, code_challenge, expires_at) VALUES (?, ?, ?, ?, ?)',
      ).run(
        hashSecret(code),
        id,
        input.redirectUri,
        input.codeChallenge,
        at + LIFETIMES.codeSeconds,
      );
    })();
    return code;
  }

  async challengeFor(clientId: string, code: string): Promise<string> {
    const row = this.codeRow(code);
    if (!row || row.client_id !== clientId) throw new GrantRefused('unknown', 'authorization code');
    return row.code_challenge;
  }

  async exchangeCode(input: {
    clientId: string;
    code: string;
    redirectUri: string | undefined;
    resource: string | undefined;
  }): Promise<IssuedTokens> {
    const outcome = this.db
      .transaction(() => {
        const row = this.codeRow(input.code);
        if (!row) return new GrantRefused('unknown', 'authorization code');
        if (row.client_id !== input.clientId)
          return new GrantRefused('wrong_client', 'authorization code');
        if (row.used_at !== null) {
          this.revokeFamily(row.grant_id);
          return new GrantRefused('replayed', 'authorization code');
        }
        if (row.expires_at <= this.seconds())
          return new GrantRefused('expired', 'authorization code');
        if (row.revoked_at !== null) return new GrantRefused('revoked', 'authorization code');
        if (input.redirectUri !== undefined && input.redirectUri !== row.redirect_uri) {
          return new GrantRefused('wrong_redirect_uri', 'authorization code');
        }
        if (input.resource !== undefined && input.resource !== row.resource) {
          return new GrantRefused('wrong_resource', 'authorization code');
        }
        prepared(this.db, 'UPDATE codes SET used_at = ? WHERE code_hash = ?').run(
          this.seconds(),
          hashSecret(input.code),
        );
        return this.issue(row.grant_id);
      })
      .immediate();
    // Thrown outside the transaction, so that revoking after a replayed code commits.
    if (outcome instanceof GrantRefused) throw outcome;
    return outcome;
  }

  async refresh(input: {
    clientId: string;
    refreshToken: string;
    resource: string | undefined;
  }): Promise<IssuedTokens> {
    const outcome = this.db
      .transaction(() => {
        const row = this.tokenRow(input.refreshToken, 'refresh');
        if (!row) return new GrantRefused('unknown', 'refresh token');
        if (row.client_id !== input.clientId)
          return new GrantRefused('wrong_client', 'refresh token');
        if (row.revoked_at !== null) return new GrantRefused('revoked', 'refresh token');
        if (row.used_at !== null) {
          this.revokeFamily(row.grant_id);
          return new GrantRefused('replayed', 'refresh token');
        }
        if (row.expires_at <= this.seconds()) return new GrantRefused('expired', 'refresh token');
        if (input.resource !== undefined && input.resource !== row.resource) {
          return new GrantRefused('wrong_resource', 'refresh token');
        }
        prepared(this.db, 'UPDATE tokens SET used_at = ? WHERE token_hash = ?').run(
          this.seconds(),
          hashSecret(input.refreshToken),
        );
        return this.issue(row.grant_id);
      })
      .immediate();
    // Thrown outside the transaction, so that revoking a replayed family commits.
    if (outcome instanceof GrantRefused) throw outcome;
    return outcome;
  }

  async verifyAccessToken(token: string): Promise<{ grant: Grant; expiresAt: number }> {
    const row = this.tokenRow(token, 'access');
    if (!row) throw new GrantRefused('unknown', 'access token');
    if (row.revoked_at !== null) throw new GrantRefused('revoked', 'access token');
    if (row.expires_at <= this.seconds()) throw new GrantRefused('expired', 'access token');
    const at = this.seconds();
    // One write a minute at most per grant: enough for "last used", cheap on every call.
    if (row.last_used_at === null || at - row.last_used_at >= 60) {
      prepared(this.db, 'UPDATE grants SET last_used_at = ? WHERE id = ?').run(at, row.grant_id);
    }
    return { grant: toGrant({ ...row, id: row.grant_id }), expiresAt: row.expires_at };
  }

  async revokeToken(clientId: string, token: string): Promise<void> {
    const refresh = this.tokenRow(token, 'refresh');
    if (refresh && refresh.client_id === clientId) {
      this.revokeFamily(refresh.grant_id);
      return;
    }
    const access = this.tokenRow(token, 'access');
    if (access && access.client_id === clientId) {
      prepared(this.db, 'DELETE FROM tokens WHERE token_hash = ?').run(hashSecret(token));
    }
  }

  async revokeGrant(grantId: string): Promise<void> {
    this.revokeFamily(grantId);
  }

  async grantsOf(userId: string): Promise<Grant[]> {
    const rows = prepared(
      this.db,
      `SELECT g.* FROM grants g WHERE g.user_id = ? AND g.revoked_at IS NULL
           AND EXISTS (SELECT 1 FROM tokens t WHERE t.grant_id = g.id AND t.expires_at > ?)
         ORDER BY g.created_at DESC`,
    ).all(userId, this.seconds()) as GrantRow[];
    return rows.map(toGrant);
  }

  async prune(): Promise<void> {
    const at = this.seconds();
    this.db.transaction(() => {
      prepared(this.db, 'DELETE FROM codes WHERE expires_at <= ?').run(at - 86_400);
      prepared(this.db, 'DELETE FROM tokens WHERE expires_at <= ?').run(at);
    })();
  }

  /** Inside a transaction or on its own: better-sqlite3 nests it as a savepoint. */
  private revokeFamily(grantId: string): void {
    this.db.transaction(() => {
      prepared(this.db, 'UPDATE grants SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(
        this.seconds(),
        grantId,
      );
      prepared(this.db, 'DELETE FROM tokens WHERE grant_id = ?').run(grantId);
    })();
  }

  private issue(grantId: string): IssuedTokens {
    const accessToken = newSecret();
    const refreshToken = newSecret();
    const at = this.seconds();
    const insert = prepared(
      this.db,
      'INSERT INTO tokens (token_hash, grant_id, kind, expires_at) VALUES (?, ?, ?, ?)',
    );
    insert.run(hashSecret(accessToken), grantId, 'access', at + LIFETIMES.accessSeconds);
    insert.run(hashSecret(refreshToken), grantId, 'refresh', at + LIFETIMES.refreshSeconds);
    prepared(this.db, 'UPDATE grants SET last_used_at = ? WHERE id = ?').run(at, grantId);
    const row = prepared(this.db, 'SELECT * FROM grants WHERE id = ?').get(grantId) as GrantRow;
    return { accessToken, refreshToken, expiresIn: LIFETIMES.accessSeconds, grant: toGrant(row) };
  }

  private codeRow(code: string) {
    return prepared(
      this.db,
      `SELECT c.*, g.client_id, g.resource, g.revoked_at FROM codes c JOIN grants g ON g.id = c.grant_id
         WHERE c.code_hash = ?`,
    ).get(hashSecret(code)) as
      | {
          grant_id: string;
          redirect_uri: string;
          code_challenge: string;
          expires_at: number;
          used_at: number | null;
          client_id: string;
          resource: string;
          revoked_at: number | null;
        }
      | undefined;
  }

  private tokenRow(token: string, kind: 'access' | 'refresh') {
    return prepared(
      this.db,
      `SELECT t.grant_id, t.expires_at, t.used_at, g.client_id, g.user_id, g.scopes, g.resource,
                g.created_at, g.last_used_at, g.revoked_at
         FROM tokens t JOIN grants g ON g.id = t.grant_id WHERE t.token_hash = ? AND t.kind = ?`,
    ).get(hashSecret(token), kind) as
      | (Omit<GrantRow, 'id'> & { grant_id: string; expires_at: number; used_at: number | null })
      | undefined;
  }
}
