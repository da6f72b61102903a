import { join } from 'node:path';
import { LoginRequiredError } from '../errors.js';
import { AUTH_SERVERS, type AuthEndpoints } from '../oura/servers.js';
import { type ProfileConfig, readProfile, updateProfile } from '../store/config.js';
import { openSecretStore } from '../store/open-store.js';
import { passphraseFromEnv } from '../store/passphrase.js';
import type { SecretStore } from '../store/secret-store.js';
import type { DiscoveryOptions } from './discovery.js';
import type { ClientCredentials } from './oauth.js';
import { parseScopeList, resolveEndpoints } from './servers.js';
import { parseStoredTokens, type StoredTokens } from './tokens.js';

/** Where a command runs: the contract's config dir, profile and environment. */
export interface AccountContext {
  configDir: string;
  profile: string;
  env: NodeJS.ProcessEnv;
  /** Receives one-line notices for the person (stderr in the CLI). */
  notice?: (line: string) => void;
  /**
   * Asks for the passphrase of a sealed credential file (hidden input), or
   * resolves undefined when no one can be asked. Without it, only
   * `OURA_STORE_PASSPHRASE` opens a sealed file.
   */
  askPassphrase?: (path: string) => Promise<string | undefined>;
}

/** Names of a profile's entries in the secret store. */
export const SECRET_NAMES = {
  clientSecret: 'client-secret',
  tokens: 'tokens',
  /** What `oura webhook subscribe` gave Oura, and `oura webhook listen` checks. */
  webhookToken: 'webhook-verification-token',
} as const;

/**
 * One profile's stored login: its non-secret config and its secret store,
 * with the operations every auth command shares.
 */
export class Account {
  readonly ctx: AccountContext;
  readonly store: SecretStore;
  config: ProfileConfig | undefined;

  private constructor(ctx: AccountContext, config: ProfileConfig | undefined, store: SecretStore) {
    this.ctx = ctx;
    this.config = config;
    this.store = store;
  }

  /** `forWriting`: the caller will store secrets, so a new profile picks its store now. */
  static async open(ctx: AccountContext, options: { forWriting?: boolean } = {}): Promise<Account> {
    const config = await readProfile(ctx.configDir, ctx.profile, { warn: ctx.notice });
    const store = await openSecretStore({
      configDir: ctx.configDir,
      profile: ctx.profile,
      probe: options.forWriting ?? false,
      choice: ctx.env.OURA_CREDENTIAL_STORE,
      existing: config,
      passphrase: {
        given: passphraseFromEnv(ctx.env),
        ...(ctx.askPassphrase ? { ask: ctx.askPassphrase } : {}),
      },
      ...(ctx.notice ? { notice: ctx.notice } : {}),
    });
    return new Account(ctx, config, store);
  }

  /** The auth server's endpoints for this profile, env overrides applied. */
  endpoints(): AuthEndpoints {
    return resolveEndpoints(this.config?.authServer ?? 'oura', this.ctx.env);
  }

  /**
   * The endpoints for a new login: on the `oura` server, what moi's discovery
   * document names (when it answers in time), then the env overrides; else
   * the built-in ones. A replaced authorize URL means another server: no discovery.
   */
  async loginEndpoints(options: DiscoveryOptions = {}): Promise<AuthEndpoints> {
    const endpoints = this.endpoints();
    const { env } = this.ctx;
    if ((this.config?.authServer ?? 'oura') !== 'oura' || env.OURA_AUTHORIZE_URL) return endpoints;
    const { discoverEndpoints } = await import('./discovery.js');
    const discovered = await discoverEndpoints(endpoints, options);
    if (!discovered) return endpoints;
    return {
      ...discovered,
      ...(env.OURA_TOKEN_URL ? { tokenUrls: [env.OURA_TOKEN_URL] } : {}),
      ...(env.OURA_REVOKE_URL ? { revokeUrl: env.OURA_REVOKE_URL } : {}),
    };
  }

  /**
   * Where to revoke: the server that issued the grant. After the fallback to
   * the legacy token endpoint, that is the legacy server even for an `oura`
   * profile; else the revocation endpoint the login used.
   */
  revokeEndpoints(): AuthEndpoints {
    const legacyTokenUrl = AUTH_SERVERS.legacy.tokenUrls[0];
    if (this.ctx.env.OURA_REVOKE_URL) return this.endpoints();
    if (this.config?.tokenUrl === legacyTokenUrl) return resolveEndpoints('legacy', this.ctx.env);
    const endpoints = this.endpoints();
    return this.config?.revokeUrl ? { ...endpoints, revokeUrl: this.config.revokeUrl } : endpoints;
  }

  /** Client credentials: `OURA_CLIENT_ID`/`OURA_CLIENT_SECRET` win over what `oura setup` stored. */
  async client(): Promise<ClientCredentials> {
    const clientId = this.ctx.env.OURA_CLIENT_ID || this.config?.clientId;
    const clientSecret =
      this.ctx.env.OURA_CLIENT_SECRET || (await this.store.get(SECRET_NAMES.clientSecret));
    if (!clientId || !clientSecret) {
      throw new LoginRequiredError(
        `No Oura application is set up for profile "${this.ctx.profile}" (${clientId ? 'client secret' : 'client ID'} missing).`,
        { hint: 'Run `oura setup` (or set OURA_CLIENT_ID and OURA_CLIENT_SECRET).' },
      );
    }
    return { clientId, clientSecret };
  }

  async readTokens(): Promise<StoredTokens | undefined> {
    return parseStoredTokens(
      await this.store.get(SECRET_NAMES.tokens),
      this.store.path ?? 'the credential store',
    );
  }

  /** The lock every writer of this profile's tokens takes (login, refresh, logout). */
  async withProfileLock<T>(fn: () => Promise<T>): Promise<T> {
    // Loaded when a writer needs it: reading a stored login takes no lock.
    const { withLock } = await import('../store/lock.js');
    return withLock(join(this.ctx.configDir, 'locks', `${this.ctx.profile}.lock`), fn);
  }

  /**
   * Persists a token pair (one secret entry, replaced atomically) and then the
   * non-secret facts about it. Call under the profile lock.
   */
  async saveTokens(tokens: StoredTokens, patch: Partial<ProfileConfig> = {}): Promise<void> {
    await this.store.set(SECRET_NAMES.tokens, JSON.stringify(tokens));
    await this.updateConfig((current) => {
      const next: ProfileConfig = { ...current, ...patch, store: this.store.kind };
      delete next.problem;
      if (tokens.expires_at !== undefined)
        next.expiresAt = new Date(tokens.expires_at).toISOString();
      else delete next.expiresAt;
      if (tokens.scope !== undefined) next.grantedScopes = parseScopeList(tokens.scope);
      return next;
    });
  }

  async updateConfig(change: (current: ProfileConfig) => ProfileConfig | undefined): Promise<void> {
    this.config = await updateProfile(
      this.ctx.configDir,
      this.ctx.profile,
      (current) => change(current ?? {}),
      { warn: this.ctx.notice },
    );
  }
}
