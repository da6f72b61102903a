import type { StatusReport } from '../../auth/login-status.js';
import { resolveEndpoints } from '../../auth/servers.js';
import { nowMs } from '../../clock.js';
import { verifyProfileLogin } from '../../profile/verify-login.js';
import type { CommandRun } from '../command-run.js';
import type { CliContext } from '../context.js';

export async function runStatus(
  run: CommandRun<{ json?: boolean; offline?: boolean }>,
): Promise<void> {
  const { flags, io } = run;
  const ctx = await run.context();
  await using profile = await run.openProfile();
  const report = flags.offline ? await profile.status() : await verifyProfileLogin(profile);
  if (flags.json) io.out(`${JSON.stringify(report, null, 2)}\n`);
  else io.out(formatStatus(report, ctx, flags.offline ?? false));
  io.exitCode = report.logged_in ? 0 : 4;
}

function formatStatus(report: StatusReport, ctx: CliContext, offline: boolean): string {
  const rows: [string, string][] = [
    ['Profile', report.profile],
    ['Logged in', report.logged_in ? 'yes' : 'no'],
    ['Checked', checked(report, offline)],
    ['User', report.user ?? '-'],
    ['Client ID', report.client_id ?? '-'],
    [
      'Auth server',
      report.auth_server
        ? `${report.auth_server} (${resolveEndpoints(report.auth_server === 'legacy' ? 'legacy' : 'oura', ctx.env).authorizeUrl})`
        : '-',
    ],
    ['Scopes', report.scopes.length > 0 ? report.scopes.join(' ') : '-'],
    [
      'Expires',
      report.expires_at
        ? `${report.expires_at} (${relative(report.expires_at, report.logged_in)})`
        : '-',
    ],
    ['Store', report.store_location ? `${report.store}: ${report.store_location}` : report.store],
  ];
  if (report.problem) rows.push(['Problem', report.problem]);
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return rows.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}\n`).join('');
}

function relative(iso: string, renewable: boolean): string {
  const minutes = Math.round((Date.parse(iso) - nowMs()) / 60_000);
  if (!renewable)
    return minutes < 0 ? 'expired' : 'still usable until then, but it cannot be renewed';
  if (minutes < 0) return 'expired; refreshed on next use';
  if (minutes < 120) return `in ${minutes} min`;
  return `in ${Math.round(minutes / 60)} h`;
}

function checked(report: StatusReport, offline: boolean): string {
  if (report.verified === true) return 'yes, Oura accepted the token just now';
  if (report.verified === false) return 'yes, Oura refused the login';
  if (offline) return 'no (--offline)';
  return report.logged_in ? 'no, Oura could not be asked (see Problem)' : 'no, nothing to check';
}
