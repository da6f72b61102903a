/**
 * What a person allowed an assistant (a grant), and the codes and tokens that
 * stand for it (OAuth 2.1 §4.1, §4.3; RFC 7009). A grant is one refresh
 * token family: every refresh token is single use, and presenting one that was
 * already used (a stolen copy racing its owner) revokes the whole family
 * (OAuth 2.1 §4.3.1, "refresh token rotation"). Codes and tokens are stored
 * only as hashes.
 */
import { randomUUID } from 'node:crypto';
import { prepared } from '../../history/statements.js';
import { hashSecret, newSecret } from './secret-values.js';
import type { StateDb } from './state-db.js';

/** Lifetimes: short access tokens, refresh tokens that slide with use. */
export const LIFETIMES = {
  codeSeconds: 120,
  accessSeconds: 3600,
  refreshSeconds: 30 * 86_400,
} as const;

export interface Grant {
  id: string;
  clientId: string;
  userId: string;
  scopes: string[];
  resource: string;
  createdAt: number;
  lastUsedAt: number | undefined;
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  grant: Grant;
}

/** Why a code or token was refused; the caller maps each to its OAuth error. */
export type Refusal =
  | 'unknown'
  | 'expired'
  | 'revoked'
  | 'replayed'
  | 'wrong_client'
  | 'wrong_redirect_uri'
  | 'wrong_resource';

export class GrantRefused extends Error {
  constructor(
    readonly refusal: Refusal,
    what: string,
  ) {
    super(`${what}: ${refusal.replace('_', ' ')}`);
  }
}

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

export class GrantStore {
  constructor(
    private readonly db: StateDb,
    private readonly now: () => number,
  ) {}

  private seconds(): number {
    return Math.floor(this.now() / 1000);
  }

  /** A new grant and its authorization code, bound to the redirect URI and PKCE challenge. */
  createCode(input: {
    clientId: string;
    userId: string;
    scopes: string[];
    resource: string;
    redirectUri: string;
    codeChallenge: string;
  }): string {
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

  /** The PKCE challenge a code was issued with (checked by the SDK's token handler). */
  challengeFor(clientId: string, code: string): string {
    const row = this.codeRow(code);
    if (!row || row.client_id !== clientId) throw new GrantRefused('unknown', 'authorization code');
    return row.code_challenge;
  }

  /**
   * Trades a code for the grant's first tokens, once. A code presented a
   * second time revokes what the first exchange issued (OAuth 2.1 §4.1.3).
   */
  exchangeCode(input: {
    clientId: string;
    code: string;
    redirectUri: string | undefined;
    resource: string | undefined;
  }): IssuedTokens {
    const outcome = this.db
      .transaction(() => {
        const row = this.codeRow(input.code);
        if (!row) return new GrantRefused('unknown', 'authorization code');
        if (row.client_id !== input.clientId)
          return new GrantRefused('wrong_client', 'authorization code');
        if (row.used_at !== null) {
          this.revokeGrant(row.grant_id);
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

  /**
   * Rotates a refresh token: the one presented is spent, a new pair is issued
   * in the same family. A spent one presented again revokes the family.
   */
  refresh(input: {
    clientId: string;
    refreshToken: string;
    resource: string | undefined;
  }): IssuedTokens {
    const outcome = this.db
      .transaction(() => {
        const row = this.tokenRow(input.refreshToken, 'refresh');
        if (!row) return new GrantRefused('unknown', 'refresh token');
        if (row.client_id !== input.clientId)
          return new GrantRefused('wrong_client', 'refresh token');
        if (row.revoked_at !== null) return new GrantRefused('revoked', 'refresh token');
        if (row.used_at !== null) {
          this.revokeGrant(row.grant_id);
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

  /** The grant behind a live access token. */
  verifyAccessToken(token: string): { grant: Grant; expiresAt: number } {
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

  /**
   * RFC 7009: a refresh token revokes its whole family; an access token only
   * itself. A token of another client, or one unknown, changes nothing.
   */
  revokeToken(clientId: string, token: string): void {
    const refresh = this.tokenRow(token, 'refresh');
    if (refresh && refresh.client_id === clientId) {
      this.revokeGrant(refresh.grant_id);
      return;
    }
    const access = this.tokenRow(token, 'access');
    if (access && access.client_id === clientId) {
      prepared(this.db, 'DELETE FROM tokens WHERE token_hash = ?').run(hashSecret(token));
    }
  }

  /** Revokes a grant: every code and token of it dies at once. */
  revokeGrant(grantId: string): void {
    this.db.transaction(() => {
      prepared(this.db, 'UPDATE grants SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(
        this.seconds(),
        grantId,
      );
      prepared(this.db, 'DELETE FROM tokens WHERE grant_id = ?').run(grantId);
    })();
  }

  /** A person's live grants, newest first (the account page). */
  grantsOf(userId: string): Grant[] {
    const rows = prepared(
      this.db,
      `SELECT g.* FROM grants g WHERE g.user_id = ? AND g.revoked_at IS NULL
           AND EXISTS (SELECT 1 FROM tokens t WHERE t.grant_id = g.id AND t.expires_at > ?)
         ORDER BY g.created_at DESC`,
    ).all(userId, this.seconds()) as GrantRow[];
    return rows.map(toGrant);
  }

  /** Forgets codes and tokens that can no longer be used, and grants with nothing left. */
  prune(): void {
    const at = this.seconds();
    this.db.transaction(() => {
      prepared(this.db, 'DELETE FROM codes WHERE expires_at <= ?').run(at - 86_400);
      prepared(this.db, 'DELETE FROM tokens WHERE expires_at <= ?').run(at);
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
