/**
 * Each person's Oura tokens, handed out fresh: read from the state (sealed),
 * refreshed ahead of expiry or after a 401, and saved before anything else
 * when Oura rotates the refresh token (it is single use). Refreshes of one
 * person are serialized: two tools calling at once would otherwise spend the
 * same refresh token twice and lose the login. One process owns the state
 * file (the server holds its lock), so an in-process queue is enough here.
 */

import type { TokenRequest } from '../auth/session.js';
import { needsRefresh } from '../auth/session.js';
import { expiresSoon, type StoredTokens } from '../auth/tokens.js';
import { LoginRequiredError } from '../errors.js';
import type { OuraApp } from './oura-app.js';
import type { UserStore } from './state/user-store.js';

const SIGN_IN_AGAIN = 'Sign in with Oura again: connect this server again from your assistant.';

export class OuraTokenKeeper {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly users: UserStore,
    private readonly app: OuraApp,
  ) {}

  /** A usable access token for this person. */
  async token(userId: string, request: TokenRequest = {}): Promise<string> {
    const stored = this.read(userId);
    if (!this.due(stored, request)) return stored.access_token;
    return (await this.serialized(userId, () => this.refresh(userId, stored, request)))
      .access_token;
  }

  private read(userId: string): StoredTokens {
    const user = this.users.get(userId);
    if (user?.ouraProblem) throw new LoginRequiredError(`${user.ouraProblem} ${SIGN_IN_AGAIN}`);
    const tokens = this.users.tokens(userId);
    if (!tokens)
      throw new LoginRequiredError(`No Oura login is stored for this account. ${SIGN_IN_AGAIN}`);
    return tokens;
  }

  private async refresh(
    userId: string,
    seen: StoredTokens,
    request: TokenRequest,
  ): Promise<StoredTokens> {
    const current = this.read(userId);
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
        onRotated: async (refreshToken) =>
          this.users.saveTokens(userId, { ...current, refresh_token: refreshToken }),
        options: { timeoutMs: 15_000, ...(this.app.fetch ? { fetch: this.app.fetch } : {}) },
      });
      this.users.saveTokens(userId, fresh);
      return fresh;
    } catch (error) {
      if (error instanceof LoginRequiredError && error.cause instanceof InvalidGrantError) {
        this.users.markProblem(userId, 'Oura rejected the stored login (invalid_grant).');
      }
      throw error;
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

  private serialized<T>(userId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(userId) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.then(
      () => {},
      () => {},
    );
    this.queues.set(userId, settled);
    void settled.then(() => {
      if (this.queues.get(userId) === settled) this.queues.delete(userId);
    });
    return next;
  }
}
