/**
 * `oura auth status` without `--offline`: the stored state says what we hold,
 * one request to Oura says whether it still works (as `gh auth status` does).
 */

import type { OuraClient } from '../api/client.js';
import { AuthenticationError } from '../api/errors.js';
import { LoginRequiredError, OuraError } from '../errors.js';
import type { Account } from './account.js';
import { displayName, readConnectedUser } from './connection-test.js';
import type { StatusReport } from './login-status.js';

/** The stored login being checked: a profile (`profile/open-profile.ts`) is one. */
export interface StoredLogin {
  status(): Promise<StatusReport>;
  account(): Promise<Account>;
}

/**
 * The stored login, checked with one `personal_info` request through `client`,
 * whose token must come from the session every command uses (the profile's:
 * `profile/verify-login.ts`), so an expiring token is refreshed first and a 401
 * is retried once after a refresh: `logged_in` then says whether commands will work.
 *
 * - Oura accepts the token (2xx, or 403: the `personal` scope was not granted
 *   but the token works): `verified: true`.
 * - Oura rejects it (401 after the refresh, or the refresh chain is dead):
 *   `logged_in: false`, `verified: false`, and a `problem` saying what to do.
 * - Oura cannot be asked (network failure, timeout, 5xx, 429, a token endpoint
 *   that fails): `verified: null`; `logged_in` stays what the stored state
 *   says, since nothing proved it wrong, and `problem` says the check failed.
 *
 * Nothing is requested when the stored state already says "not logged in".
 */
export async function verifyStoredLogin(
  login: StoredLogin,
  client: Pick<OuraClient, 'personalInfo'>,
): Promise<StatusReport> {
  const report = await login.status();
  if (!report.logged_in) {
    // Oura refused this login before (a dead refresh token, recorded): that was its answer.
    if ((await login.account()).config?.problem) report.verified = false;
    return report;
  }
  try {
    const user = await readConnectedUser(client);
    report.verified = true;
    report.user ??= displayName(user) ?? null;
    return report;
  } catch (error) {
    if (error instanceof AuthenticationError) {
      return rejected(report, 'Oura rejected the stored login (HTTP 401, also after a refresh).');
    }
    if (error instanceof LoginRequiredError) {
      return rejected(report, error.message, error.hint);
    }
    return unverified(report, error instanceof OuraError ? error.message : String(error));
  }
}

function rejected(report: StatusReport, reason: string, hint?: string): StatusReport {
  report.logged_in = false;
  report.verified = false;
  report.problem = `${reason} ${hint ?? 'Run `oura auth login`.'}`;
  return report;
}

function unverified(report: StatusReport, reason: string): StatusReport {
  report.verified = null;
  report.problem =
    `Could not check the login with Oura (${reason.replace(/\.$/, '')}); ` +
    'the login may still work. Check the network (or OURA_API_URL) and try again, ' +
    'or use `oura auth status --offline` to skip the check.';
  return report;
}
