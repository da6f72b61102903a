/**
 * `oura auth status` (and `oura doctor`) over a profile: the stored state, then
 * one quick request through the profile's client, whose token the profile's
 * session refreshes on a 401 (or says the env token is dead).
 */
import type { AccountContext } from '../auth/account.js';
import type { StatusReport } from '../auth/login-status.js';
import { verifyStoredLogin } from '../auth/verify.js';
import { openProfile, type Profile } from './open-profile.js';

/** Per request by default: a status check should answer quickly even when Oura does not. */
const STATUS_TIMEOUT_MS = 10_000;

export async function verifyProfileLogin(
  profile: Profile,
  timeoutMs = STATUS_TIMEOUT_MS,
): Promise<StatusReport> {
  const client = await profile.client({
    timeoutMs,
    // A status check answers now: no backoff, no waiting out a rate limit.
    retry: { attempts: 1, maxRateLimitWaitMs: 0 },
  });
  return verifyStoredLogin(profile, client);
}

export interface VerifyOptions {
  /** API base without `/v2` (the CLI's `OURA_API_URL`). */
  apiUrl: string;
  fetch?: typeof fetch;
  /** Per request; a status check should answer quickly even when Oura does not. */
  timeoutMs?: number;
}

/** The library's check of a stored login, for callers without a profile of their own. */
export async function verifyLoginStatus(
  ctx: AccountContext,
  options: VerifyOptions,
): Promise<StatusReport> {
  await using profile = openProfile({
    ...ctx,
    apiUrl: options.apiUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  // Awaited, not returned: the profile stays open until the check is done.
  return await verifyProfileLogin(profile, options.timeoutMs);
}
