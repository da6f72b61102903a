import { nowMs } from '../clock.js';
import { OuraError } from '../errors.js';
import { Account, type AccountContext } from './account.js';

/** The contract's `auth status --json` object. */
export interface StatusReport {
  profile: string;
  logged_in: boolean;
  client_id: string | null;
  auth_server: string | null;
  scopes: string[];
  expires_at: string | null;
  store: 'keyring' | 'file' | 'env';
  user: string | null;
  problem?: string;
  /**
   * Whether Oura accepted the token just now: `true` it did, `false` it
   * refused it (then `logged_in` is false too), `null` not asked (offline,
   * nothing to check, or Oura could not be reached). See `verifyLoginStatus`.
   */
  verified: boolean | null;
  /** Where the secrets are (a file path or the keychain's name). */
  store_location?: string;
  token_endpoint?: string;
}

/**
 * What is stored for a profile and whether it can be used, without any
 * secret and without asking Oura: the object `oura auth status --offline
 * --json` prints. `verifyLoginStatus` (verify.ts) adds the check with Oura.
 */
export async function readLoginStatus(ctx: AccountContext): Promise<StatusReport> {
  if (ctx.env.OURA_ACCESS_TOKEN) {
    return {
      profile: ctx.profile,
      logged_in: true,
      client_id: ctx.env.OURA_CLIENT_ID ?? null,
      auth_server: null,
      scopes: [],
      expires_at: null,
      store: 'env',
      user: null,
      verified: null,
    };
  }
  const account = await Account.open(ctx);
  const config = account.config;
  const report: StatusReport = {
    profile: ctx.profile,
    logged_in: false,
    client_id: ctx.env.OURA_CLIENT_ID || config?.clientId || null,
    auth_server: config?.authServer ?? (config ? 'oura' : null),
    scopes: config?.grantedScopes ?? [],
    expires_at: config?.expiresAt ?? null,
    store: account.store.kind,
    user: config?.user ?? null,
    verified: null,
    ...(account.store.path ? { store_location: account.store.path } : {}),
    ...(config?.tokenUrl ? { token_endpoint: config.tokenUrl } : {}),
  };
  let tokens: Awaited<ReturnType<Account['readTokens']>>;
  try {
    tokens = await account.readTokens();
  } catch (error) {
    report.problem = error instanceof OuraError ? error.message : String(error);
    return report;
  }
  if (config?.problem) report.problem = config.problem;
  else if (!report.client_id) report.problem = 'No Oura application is set up: run `oura setup`.';
  else if (!tokens) report.problem = 'Not logged in: run `oura auth login`.';
  else if (
    !tokens.refresh_token &&
    tokens.expires_at !== undefined &&
    tokens.expires_at < nowMs()
  ) {
    report.problem =
      'The access token has expired and there is no refresh token: run `oura auth login`.';
  }
  report.logged_in = Boolean(tokens) && report.problem === undefined;
  return report;
}
