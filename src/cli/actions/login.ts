import type { LoginMode } from '../../auth/login.js';
import { parseScopes } from '../../auth/servers.js';
import { LoginRequiredError } from '../../errors.js';
import { loginProfile } from '../../profile/login.js';
import type { Profile } from '../../profile/open-profile.js';
import { readProfile } from '../../store/config.js';
import type { CliIo } from '../cli-io.js';
import type { CommandRun } from '../command-run.js';
import { openInBrowser } from '../open-browser.js';
import { readLine } from '../prompts.js';

export interface LoginFlags {
  scopes?: string;
  browser?: boolean;
  paste?: boolean;
  port?: number;
  timeout?: number;
  pkce?: boolean;
}

export async function runLogin(run: CommandRun<LoginFlags>): Promise<void> {
  await using profile = await run.openProfile();
  await loginOnProfile(profile, run.flags, run.io);
}

/** The login of `oura auth login`, and the last step of `oura setup` on the profile it just wrote. */
export async function loginOnProfile(
  profile: Profile,
  flags: LoginFlags,
  io: CliIo,
): Promise<void> {
  const ctx = profile.options;
  const { notice, bold } = io;
  // Without a client there is nothing to log in with: say so from the plain config file,
  // before the keychain is opened (its errors would only hide this).
  if (
    !ctx.env.OURA_CLIENT_ID &&
    !(await readProfile(ctx.configDir, ctx.profile, { warn: notice }))?.clientId
  ) {
    throw new LoginRequiredError(`No Oura application is set up for profile "${ctx.profile}".`, {
      hint: 'Run `oura setup` first (or set OURA_CLIENT_ID and OURA_CLIENT_SECRET).',
    });
  }
  const mode: LoginMode = flags.paste ? 'paste' : flags.browser === false ? 'print' : 'browser';
  const result = await loginProfile(profile, {
    ...(flags.scopes ? { scopes: parseScopes(flags.scopes) } : {}),
    ...(flags.port !== undefined ? { port: flags.port } : {}),
    ...(flags.timeout !== undefined ? { timeoutSeconds: flags.timeout } : {}),
    pkce: flags.pkce !== false,
    mode,
    showUrl: (url) => {
      notice(mode === 'paste' ? 'Open this URL in any browser and log in:' : 'Log in to Oura at:');
      // The URL alone on its line, so it can be copied whole.
      notice(url);
    },
    openUrl: (url) => openInBrowser(url, io.env),
    readRedirect: () =>
      readLine(
        io,
        "After allowing access, the browser lands on a page that may not load. Paste that page's full address here: ",
      ),
  });
  notice(
    `${bold('Connected as')} ${result.displayName ?? '(unknown user: the personal scope was not granted)'}`,
  );
  if (result.expiresAt)
    notice(`Access token valid until ${result.expiresAt}; it is refreshed automatically.`);
}
