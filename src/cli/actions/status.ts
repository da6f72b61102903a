import { Account } from '../../auth/account.js';
import { resolveEndpoints } from '../../auth/servers.js';
import { OuraError } from '../../errors.js';
import type { CliContext } from '../context.js';
import { notice, out } from '../io.js';

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
  /** Where the secrets are (a file path or the keychain's name). */
  store_location?: string;
  token_endpoint?: string;
}

export async function buildStatus(ctx: CliContext): Promise<StatusReport> {
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
    };
  }
  const account = await Account.open({ ...ctx, notice });
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
  else if (!tokens.refresh_token && tokens.expires_at !== undefined && tokens.expires_at < Date.now()) {
    report.problem = 'The access token has expired and there is no refresh token: run `oura auth login`.';
  }
  report.logged_in = Boolean(tokens) && report.problem === undefined;
  return report;
}

export async function runStatus(ctx: CliContext, flags: { json?: boolean }): Promise<void> {
  const report = await buildStatus(ctx);
  if (flags.json) out(`${JSON.stringify(report, null, 2)}\n`);
  else out(formatStatus(report, ctx));
  process.exitCode = report.logged_in ? 0 : 4;
}

function formatStatus(report: StatusReport, ctx: CliContext): string {
  const rows: [string, string][] = [
    ['Profile', report.profile],
    ['Logged in', report.logged_in ? 'yes' : 'no'],
    ['User', report.user ?? '-'],
    ['Client ID', report.client_id ?? '-'],
    [
      'Auth server',
      report.auth_server
        ? `${report.auth_server} (${resolveEndpoints(report.auth_server === 'legacy' ? 'legacy' : 'oura', ctx.env).authorizeUrl})`
        : '-',
    ],
    ['Scopes', report.scopes.length > 0 ? report.scopes.join(' ') : '-'],
    ['Expires', report.expires_at ? `${report.expires_at} (${relative(report.expires_at)})` : '-'],
    ['Store', report.store_location ? `${report.store}: ${report.store_location}` : report.store],
  ];
  if (report.problem) rows.push(['Problem', report.problem]);
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return rows.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}\n`).join('');
}

function relative(iso: string): string {
  const minutes = Math.round((Date.parse(iso) - Date.now()) / 60_000);
  if (minutes < 0) return 'expired; refreshed on next use';
  if (minutes < 120) return `in ${minutes} min`;
  return `in ${Math.round(minutes / 60)} h`;
}
