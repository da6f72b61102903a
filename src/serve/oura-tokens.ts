/**
 * Each person's Oura tokens, handed out fresh: read from the state (sealed),
 * refreshed ahead of expiry or after a 401, and saved before anything else
 * when Oura rotates the refresh token (it is single use). Refreshes of one
 * person are serialized: two tools calling at once would otherwise spend the
 * same refresh token twice and lose the login. Where the login is kept, and
 * how refreshes are kept apart, is the store's (`person-tokens.ts`).
 */

import type { TokenRequest } from '../auth/session.js';
import { needsRefresh } from '../auth/session.js';
import { expiresSoon, type StoredTokens } from '../auth/tokens.js';
import { delay } from '../delay.js';
import { LoginRequiredError } from '../errors.js';
import type { OuraApp } from './oura-app.js';
import type { PersonTokens } from './person-tokens.js';

const SIGN_IN_AGAIN = 'Sign in with Oura again: connect this server again from your assistant.';

/**
 * Waits between tries to save a login Oura has just renewed: ~16 s in all,
 * longer than a database takes to restart (its connections are cut meanwhile).
 */
const SAVE_RETRY_DELAYS_MS = [250, 500, 1000, 2000, 4000, 8000];

export interface TokenKeeperOptions {
  /** Waits between tries to save a renewed login (tests shorten them). */
  saveRetryDelaysMs?: readonly number[];
}

export class OuraTokenKeeper {
  constructor(
    private readonly logins: PersonTokens,
    private readonly app: OuraApp,
    private readonly options: TokenKeeperOptions = {},
  ) {}

  /** A usable access token for this person. */
  async token(userId: string, request: TokenRequest = {}): Promise<string> {
    const stored = await this.read(userId);
    if (!this.due(stored, request)) return stored.access_token;
    return (await this.logins.exclusive(userId, () => this.refresh(userId, stored, request)))
      .access_token;
  }

  private async read(userId: string): Promise<StoredTokens> {
    const login = await this.logins.read(userId);
    if (login.problem) throw new LoginRequiredError(`${login.problem} ${SIGN_IN_AGAIN}`);
    if (!login.tokens)
      throw new LoginRequiredError(`No Oura login is stored for this account. ${SIGN_IN_AGAIN}`);
    return login.tokens;
  }

  private async refresh(
    userId: string,
    seen: StoredTokens,
    request: TokenRequest,
  ): Promise<StoredTokens> {
    const current = await this.read(userId);
    // Refreshed while this call waited its turn.
    if (current.access_token !== seen.access_token) return current;
    if (!this.due(current, request)) return current;
    if (!current.refresh_token) {
      throw new LoginRequiredError(
        `The Oura login has no refresh token and has expired. ${SIGN_IN_AGAIN}`,
      );
    }
    const { InvalidGrantError, refreshTokens } = await import('../auth/oauth.js');
    try {
      const fresh = await refreshTokens({
        tokenUrl: this.app.endpoints.tokenUrls[0] ?? '',
        authorizeUrl: this.app.endpoints.authorizeUrl,
        client: this.app.credentials,
        refreshToken: current.refresh_token,
        onRotated: (refreshToken) =>
          this.saveRenewed(userId, { ...current, refresh_token: refreshToken }),
        options: { timeoutMs: 15_000, ...(this.app.fetch ? { fetch: this.app.fetch } : {}) },
      });
      await this.saveRenewed(userId, fresh);
      return fresh;
    } catch (error) {
      if (error instanceof LoginRequiredError && error.cause instanceof InvalidGrantError) {
        await this.logins.markProblem(userId, 'Oura rejected the stored login (invalid_grant).');
      }
      throw error;
    }
  }

  /**
   * Saves a login Oura has renewed. Its old refresh token died when Oura
   * answered, so losing this write loses the login: a database restarting
   * under a worker cut it (the job's retry then met invalid_grant, and the
   * person had to sign in again). It is tried again for longer than a
   * restart takes, the renewed login held meanwhile; a write that never
   * succeeds is reported as ours, not as the token endpoint's.
   */
  private async saveRenewed(userId: string, tokens: StoredTokens): Promise<void> {
    const delays = this.options.saveRetryDelaysMs ?? SAVE_RETRY_DELAYS_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.logins.save(userId, tokens);
        return;
      } catch (error) {
        const waitMs = delays[attempt];
        if (waitMs === undefined) {
          throw new LoginRequiredError(
            `Oura renewed the login, but it could not be saved (${(error as Error).message}). ${SIGN_IN_AGAIN}`,
            { cause: error },
          );
        }
        await delay(waitMs);
      }
    }
  }

  /**
   * The rejected token is not always the stored one: a client may have held an
   * older token while another caller refreshed. A stored token that has run out
   * is refreshed all the same.
   */
  private due(tokens: StoredTokens, request: TokenRequest): boolean {
    return needsRefresh(tokens, request) || expiresSoon(tokens);
  }
}
