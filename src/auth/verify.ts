/**
 * `oura auth status` without `--offline`: the stored state says what we hold,
 * one request to Oura says whether it still works (as `gh auth status` does).
 */
import { LoginRequiredError, OuraError } from '../errors.js';
import type { AccountContext } from './account.js';
import { requestPersonalInfo } from './connection-test.js';
import { Session } from './session.js';
import { readLoginStatus, type StatusReport } from './status.js';

export interface VerifyOptions {
  /** API base without `/v2` (the CLI's `OURA_API_URL`). */
  apiUrl: string;
  fetch?: typeof fetch;
  /** Per request; a status check should answer quickly even when Oura does not. */
  timeoutMs?: number;
}

/**
 * The stored login, checked with one `personal_info` request. The token comes
 * from the same session every command uses, so an expiring token is refreshed
 * first and a 401 is retried once after a refresh: `logged_in` then says
 * whether commands will work.
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
export async function verifyLoginStatus(
  ctx: AccountContext,
  options: VerifyOptions,
): Promise<StatusReport> {
  const report = await readLoginStatus(ctx);
  if (!report.logged_in) return report;
  const session = new Session(ctx, options.fetch ? { fetch: options.fetch } : {});
  const ask = (token: string) =>
    requestPersonalInfo(options.apiUrl, token, {
      timeoutMs: options.timeoutMs ?? 10_000,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  try {
    let token = await session.getAccessToken();
    let answer = await ask(token);
    if (answer.status === 401) {
      // The session refreshes a stored login, or says the env token is dead.
      token = await session.getAccessToken({ rejectedToken: token });
      answer = await ask(token);
    }
    if (answer.status === 401) {
      return rejected(report, 'Oura rejected the stored login (HTTP 401, also after a refresh).');
    }
    if (answer.status !== 403 && !answer.user) {
      return unverified(report, `${answer.url} answered HTTP ${answer.status}`);
    }
    report.verified = true;
    report.user ??= answer.user?.email ?? answer.user?.id ?? null;
    return report;
  } catch (error) {
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
