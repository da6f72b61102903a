/**
 * What a person allowed an assistant (a grant), and the codes and tokens that
 * stand for it (OAuth 2.1 §4.1, §4.3; RFC 7009). A grant is one refresh
 * token family: every refresh token is single use, and presenting one that was
 * already used (a stolen copy racing its owner) revokes the whole family
 * (OAuth 2.1 §4.3.1, "refresh token rotation"). Codes and tokens are stored
 * only as hashes. Two stores keep it: the server's SQLite state
 * (`sqlite-grant-store.ts`) and the shared PostgreSQL database
 * (`state-pg/pg-grant-store.ts`); `test/serve-grant-contract.test.ts` holds
 * both to the same behaviour.
 */

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

/** Where grants, codes and tokens are kept. */
export interface GrantStore {
  /** A new grant and its authorization code, bound to the redirect URI and PKCE challenge. */
  createCode(input: {
    clientId: string;
    userId: string;
    scopes: string[];
    resource: string;
    redirectUri: string;
    codeChallenge: string;
  }): Promise<string>;
  /** The PKCE challenge a code was issued with (checked by the SDK's token handler). */
  challengeFor(clientId: string, code: string): Promise<string>;
  /**
   * Trades a code for the grant's first tokens, once. A code presented a
   * second time revokes what the first exchange issued (OAuth 2.1 §4.1.3).
   */
  exchangeCode(input: {
    clientId: string;
    code: string;
    redirectUri: string | undefined;
    resource: string | undefined;
  }): Promise<IssuedTokens>;
  /**
   * Rotates a refresh token: the one presented is spent, a new pair is issued
   * in the same family. A spent one presented again revokes the family.
   */
  refresh(input: {
    clientId: string;
    refreshToken: string;
    resource: string | undefined;
  }): Promise<IssuedTokens>;
  /** The grant behind a live access token. */
  verifyAccessToken(token: string): Promise<{ grant: Grant; expiresAt: number }>;
  /**
   * RFC 7009: a refresh token revokes its whole family; an access token only
   * itself. A token of another client, or one unknown, changes nothing.
   */
  revokeToken(clientId: string, token: string): Promise<void>;
  /** Revokes a grant: every code and token of it dies at once. */
  revokeGrant(grantId: string): Promise<void>;
  /** A person's live grants, newest first (the account page). */
  grantsOf(userId: string): Promise<Grant[]>;
  /** Forgets codes and tokens that can no longer be used. */
  prune(): Promise<void>;
}
