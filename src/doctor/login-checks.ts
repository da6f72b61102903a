/** The profile, where its secrets are (and whether others could read them), and whether its login works. */
import { stat } from 'node:fs/promises';
import type { Account } from '../auth/account.js';
import type { StatusReport } from '../auth/login-status.js';
import { type Check, fail, ok, warn } from './check.js';

/** How the profile was chosen, for the profile line. */
const SOURCES: Record<string, string> = {
  flag: 'from --profile',
  env: 'from OURA_PROFILE',
  switched: 'the default chosen with `oura auth switch`',
  'built-in': 'the default',
};

export function checkProfile(
  account: Account,
  source: string | undefined,
  hasEnvToken: boolean,
): Check {
  const { profile } = account.ctx;
  const how = SOURCES[source ?? 'built-in'] ?? source;
  if (hasEnvToken)
    return ok(
      'profile',
      `"${profile}" (${how}); OURA_ACCESS_TOKEN is set, so its stored login is not used`,
    );
  if (!account.config && !account.ctx.env.OURA_CLIENT_ID) {
    const flag = profile === 'default' ? '' : ` --profile ${profile}`;
    return fail('profile', `"${profile}" (${how}) is not set up: run \`oura setup${flag}\`.`);
  }
  return ok('profile', `"${profile}" (${how})`);
}

/**
 * Where the secrets are. `permissionWarnings` are what the store said while
 * it was opened: it takes other users' access off at once (store/private-mode.ts),
 * so by now they are closed, but they were open, which is worth a failure.
 */
export async function checkSecrets(
  account: Account,
  permissionWarnings: readonly string[],
  hasEnvToken: boolean,
): Promise<Check> {
  if (hasEnvToken)
    return ok('secrets', 'OURA_ACCESS_TOKEN from the environment (nothing stored is read)');
  if (permissionWarnings.length > 0) {
    return fail(
      'secrets',
      `${permissionWarnings.map((line) => line.replace(/^warning: /, '')).join(' ')} ` +
        'If someone else could have read them, replace the login: `oura auth logout`, then `oura auth login`.',
    );
  }
  const { store } = account;
  if (store.kind === 'keyring') return ok('secrets', `OS keychain: ${store.path ?? 'keyring'}`);
  const path = store.path ?? 'the credentials file';
  try {
    const mode = (await stat(path)).mode & 0o777;
    return ok('secrets', `file ${path} (mode ${mode.toString(8).padStart(4, '0')}, owner-only)`);
  } catch {
    return ok('secrets', `file ${path} (nothing stored yet)`);
  }
}

/** The stored login as `oura auth status` sees it, checked with Oura (auth/verify.ts). */
export function checkLogin(report: StatusReport): Check {
  const who = report.user ? ` as ${report.user}` : '';
  if (report.logged_in && report.verified === true) {
    const expiry = report.expires_at ? `; access token expires ${report.expires_at}` : '';
    return ok('login', `logged in${who}; Oura accepted the token${expiry}`);
  }
  if (report.logged_in) {
    return warn(
      'login',
      `stored login${who} looks usable but was not checked: ${report.problem ?? 'Oura was not asked'}`,
    );
  }
  return fail('login', report.problem ?? 'Not logged in: run `oura auth login`.');
}
