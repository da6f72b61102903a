/**
 * `oura doctor`: every check on one screen. The checks are
 * independent and run together; the slow ones (Oura over the network) each
 * have a short deadline, so the whole answer comes within a few seconds even
 * when Oura does not.
 */
import type { Account } from '../auth/account.js';
import { OuraError } from '../errors.js';
import { openProfile } from '../profile/open-profile.js';
import type { ProfileOptions } from '../profile/profile-options.js';
import { verifyProfileLogin } from '../profile/verify-login.js';
import { type Check, fail, ok } from './check.js';
import { checkHistory } from './history-check.js';
import { checkLogin, checkProfile, checkSecrets } from './login-checks.js';
import { probeApi, probeTokenEndpoint } from './reachability.js';
import { checkWebhooks } from './webhook-check.js';

/** Per request to Oura: a doctor answers quickly, also when the network does not. */
export const DOCTOR_TIMEOUT_MS = 5_000;

/** The oldest Node this package supports (package.json `engines`). */
const MIN_NODE_MAJOR = 20;

export interface DoctorContext extends Omit<ProfileOptions, 'notice'> {
  /** How the profile was chosen (`flag`, `env`, `switched`, `built-in`). */
  profileSource?: string | undefined;
  /** This package's version. */
  version: string;
  timeoutMs?: number;
}

export async function runDoctor(ctx: DoctorContext): Promise<Check[]> {
  const timeoutMs = ctx.timeoutMs ?? DOCTOR_TIMEOUT_MS;
  const hasEnvToken = Boolean(ctx.env.OURA_ACCESS_TOKEN);
  // The store's notices are collected, not printed: they become the secrets line.
  const notices: string[] = [];
  await using profile = openProfile({ ...ctx, notice: (line) => notices.push(line) });
  const now = profile.now();
  let account: Account;
  try {
    account = await profile.account();
  } catch (error) {
    // A config file that cannot be read: nothing else can be checked until it is fixed.
    if (!(error instanceof OuraError)) throw error;
    const fix = error.hint ? ` ${error.hint}` : '';
    return [
      ok('version', `oura-connect ${ctx.version}`),
      checkNode(),
      fail('config', `${error.message}${fix}`),
    ];
  }

  // No client credentials (or a keychain that fails): no webhook check; the login line says why.
  const client = await account.client().catch(() => undefined);
  const tokenUrl = account.config?.tokenUrl ?? account.endpoints().tokenUrls[0];
  const [report, api, token, history, webhooks] = await Promise.all([
    verifyProfileLogin(profile, timeoutMs),
    probeApi(ctx.apiUrl, { timeoutMs }),
    tokenUrl ? probeTokenEndpoint(tokenUrl, { timeoutMs }) : undefined,
    checkHistory(profile.history(), now),
    client
      ? checkWebhooks(async () => (await profile.subscriptions({ timeoutMs })).list(), now)
      : undefined,
  ]);
  // Every read of the store is done: what it said about permissions is all here.
  const permissionWarnings = notices.filter((line) => line.includes('accessible to other users'));

  return [
    ok('version', `oura-connect ${ctx.version}`),
    checkNode(),
    checkProfile(account, ctx.profileSource, hasEnvToken),
    await checkSecrets(account, permissionWarnings, hasEnvToken),
    checkLogin(report),
    history,
    ...(webhooks ? [webhooks] : []),
    api,
    ...(token ? [token] : []),
  ];
}

function checkNode(): Check {
  const major = Number(process.versions.node.split('.')[0]);
  return major >= MIN_NODE_MAJOR
    ? ok('node', `Node ${process.version}`)
    : fail('node', `Node ${process.version} is too old: install Node ${MIN_NODE_MAJOR} or later.`);
}
