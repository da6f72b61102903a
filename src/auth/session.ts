/**
 * Hands out a usable access token. `OURA_ACCESS_TOKEN` wins as is; otherwise
 * the stored token, refreshed a few minutes before it expires (by the
 * server's `expires_in`) and once more after the API answers 401.
 *
 * Oura's refresh tokens are single use, so a refresh is a critical section
 * across processes: take the profile lock, re-read the stored pair (another
 * process may have refreshed while we waited), refresh only if still needed,
 * persist the new pair before anyone uses it, release.
 */

import { delay } from '../delay.js';
import { LoginRequiredError } from '../errors.js';
import type { Account, AccountContext } from './account.js';
import { expiresSoon, isExpired, type StoredTokens } from './tokens.js';

export interface TokenRequest {
  /** The token the API just answered 401 for: refresh unless it was already replaced. */
  rejectedToken?: string;
  /** Refresh even if the stored token looks fresh (`oura auth refresh`). */
  force?: boolean;
}

export interface SessionOptions {
  fetch?: typeof fetch;
  /** Waits between refresh attempts after network failures or 5xx; the count is the number of retries. */
  retryDelaysMs?: number[];
  /** Opens the stored login; given by a profile so the session shares its one `Account`. */
  openAccount?: () => Promise<Account>;
}

export class Session {
  readonly #ctx: AccountContext;
  readonly #options: SessionOptions;
  #account: Account | undefined;

  constructor(ctx: AccountContext, options: SessionOptions = {}) {
    this.#ctx = ctx;
    this.#options = options;
  }

  /** The source of tokens: `env` when OURA_ACCESS_TOKEN is set. */
  get usesEnvironmentToken(): boolean {
    return Boolean(this.#ctx.env.OURA_ACCESS_TOKEN);
  }

  async getAccessToken(request: TokenRequest = {}): Promise<string> {
    const envToken = this.#ctx.env.OURA_ACCESS_TOKEN;
    // Imported here, as the store is: importing the library loads neither.
    if (envToken) return (await import('./env-token.js')).environmentToken(envToken, request);
    const account = await this.#openAccount();
    const tokens = await account.readTokens();
    if (!tokens) throw notLoggedIn(this.#ctx, account);
    // Oura refused the login already (a dead refresh token): an unexpired
    // access token from the same grant is no promise, so hand none out.
    const problem = account.config?.problem;
    if (problem) throw new LoginRequiredError(problem.replace(/: run `oura auth login`\.$/, '.'));
    if (!needsRefresh(tokens, request)) return tokens.access_token;
    return (await this.#refreshUnderLock(account, tokens, request)).access_token;
  }

  async #refreshUnderLock(
    account: Account,
    seen: StoredTokens,
    request: TokenRequest,
  ): Promise<StoredTokens> {
    return account.withProfileLock(async () => {
      const current = await account.readTokens();
      if (!current) throw notLoggedIn(this.#ctx, account);
      // Another process refreshed while we waited for the lock: use its pair
      // (even when short-lived tokens make it "expiring soon" already).
      if (current.access_token !== seen.access_token && !isExpired(current)) return current;
      if (!needsRefresh(current, request)) return current;
      if (!current.refresh_token) {
        throw new LoginRequiredError(
          'The stored login has no refresh token and its access token has expired.',
        );
      }
      // The OAuth code is loaded only when a refresh is due: most commands never need it.
      const { InvalidGrantError, refreshTokens, TokenEndpointError } = await import('./oauth.js');
      const client = await account.client();
      // The server that issued the grant, unless OURA_TOKEN_URL overrides it.
      const tokenUrl =
        this.#ctx.env.OURA_TOKEN_URL ||
        account.config?.tokenUrl ||
        account.endpoints().tokenUrls[0] ||
        '';
      let fresh: StoredTokens;
      try {
        fresh = await this.#refreshWithRetries(TokenEndpointError, () =>
          refreshTokens({
            tokenUrl,
            authorizeUrl: account.endpoints().authorizeUrl,
            client,
            refreshToken: current.refresh_token ?? '',
            // The old refresh token died when the server answered: save the new one first.
            onRotated: (refreshToken) =>
              this.#persist(account, { ...current, refresh_token: refreshToken }),
            options: {
              timeoutMs: 15_000,
              ...(this.#options.fetch ? { fetch: this.#options.fetch } : {}),
            },
          }),
        );
      } catch (error) {
        if (error instanceof LoginRequiredError && error.cause instanceof InvalidGrantError) {
          // Keep everything stored; only record what needs doing.
          await account
            .updateConfig((config) => ({
              ...config,
              problem: 'The refresh token was rejected (invalid_grant): run `oura auth login`.',
            }))
            .catch(() => {});
        }
        throw error;
      }
      await this.#persist(account, fresh);
      return fresh;
    });
  }

  /**
   * The old refresh token is dead once the server answered: losing the new
   * pair loses the login. Try the write twice, then say so plainly.
   */
  async #persist(account: Account, fresh: StoredTokens): Promise<void> {
    try {
      await account.saveTokens(fresh);
    } catch {
      try {
        await account.saveTokens(fresh);
      } catch (error) {
        await account
          .updateConfig((config) => ({
            ...config,
            problem:
              'A refresh succeeded but the new tokens could not be saved: run `oura auth login`.',
          }))
          .catch(() => {});
        throw new LoginRequiredError(
          `Refreshed the login, but could not save the new tokens (${(error as Error).message}).`,
          { cause: error },
        );
      }
    }
  }

  async #refreshWithRetries(
    Transient: typeof import('./oauth.js').TokenEndpointError,
    attempt: () => Promise<StoredTokens>,
  ): Promise<StoredTokens> {
    // Three attempts of at most 15 s each: well inside what lock waiters allow.
    const delays = this.#options.retryDelaysMs ?? [500, 2000];
    for (let i = 0; ; i++) {
      try {
        return await attempt();
      } catch (error) {
        const waitMs = delays[i];
        if (!(error instanceof Transient) || !error.transient || waitMs === undefined) throw error;
        await delay(waitMs * (0.75 + Math.random() / 2));
      }
    }
  }

  async #openAccount(): Promise<Account> {
    // The store (keychain, sealed file, node:crypto) is imported on first use:
    // importing the library should not pay for it, nor should an environment token.
    const open =
      this.#options.openAccount ??
      (() => import('./account.js').then((loaded) => loaded.Account.open(this.#ctx)));
    this.#account ??= await open();
    return this.#account;
  }
}

/** Whether a stored pair must be refreshed before use, given what the caller saw. */
export function needsRefresh(tokens: StoredTokens, request: TokenRequest): boolean {
  if (request.force) return true;
  if (request.rejectedToken !== undefined) return tokens.access_token === request.rejectedToken;
  return expiresSoon(tokens);
}

function notLoggedIn(ctx: AccountContext, account: Account): LoginRequiredError {
  if (!account.config?.clientId && !ctx.env.OURA_CLIENT_ID) {
    return new LoginRequiredError(
      `Not logged in: no Oura application is set up for profile "${ctx.profile}".`,
      {
        hint: 'Run `oura setup` (it ends with `oura auth login`).',
      },
    );
  }
  return new LoginRequiredError(`Not logged in (profile "${ctx.profile}").`);
}

/** Opens the session of a profile, for library callers (a Profile builds its own: `profile/open-profile.ts`). */
export async function openSession(
  ctx: AccountContext,
  options: SessionOptions = {},
): Promise<Session> {
  return new Session(ctx, options);
}
