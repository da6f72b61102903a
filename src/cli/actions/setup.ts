import { SECRET_NAMES } from '../../auth/account.js';
import { loopbackPort } from '../../auth/loopback.js';
import {
  DEFAULT_REDIRECT_URI,
  DEFAULT_SCOPES,
  parseAuthServer,
  parseScopes,
} from '../../auth/servers.js';
import { UsageError } from '../../errors.js';
import { type AuthServerName, PORTAL_URL } from '../../oura/servers.js';
import type { CliIo } from '../cli-io.js';
import type { CommandRun } from '../command-run.js';
import type { CliContext } from '../context.js';
import { openInBrowser } from '../open-browser.js';
import { askChoice, askSecret, askText, readAllStdin } from '../prompts.js';
import { loginOnProfile } from './login.js';

export interface SetupFlags {
  clientId?: string;
  clientSecretStdin?: boolean;
  redirectUri?: string;
  authServer?: string;
  scopes?: string;
  browser?: boolean;
  login?: boolean;
}

/** Scopes to tick on the portal's form (the form names them without `extapi:`). */
const PORTAL_SCOPES = [...DEFAULT_SCOPES];

export async function runSetup(run: CommandRun<SetupFlags>): Promise<void> {
  const { flags, io } = run;
  const { notice } = io;
  const ctx = await run.context();
  // Check every flag before asking anything or touching the store.
  const redirectUri = flags.redirectUri ?? DEFAULT_REDIRECT_URI;
  loopbackPort(redirectUri);
  const scopes = flags.scopes ? parseScopes(flags.scopes) : [...DEFAULT_SCOPES];
  let authServer: AuthServerName | undefined = flags.authServer
    ? parseAuthServer(flags.authServer)
    : undefined;
  const interactive = io.canPrompt;

  const elsewhere = replacedAuthServer(ctx.env);
  if (elsewhere) printElsewhere(io, elsewhere, redirectUri);
  else printInstructions(io, redirectUri);
  if (flags.browser !== false && interactive && !elsewhere) {
    await openInBrowser(PORTAL_URL, io.env).catch(() =>
      notice('(Could not open a browser: open the address above yourself.)'),
    );
  }

  const clientId =
    flags.clientId?.trim() ||
    ctx.env.OURA_CLIENT_ID?.trim() ||
    (await promptClientId(io, interactive));
  validateCredential('client ID', clientId, '--client-id');
  const clientSecret = await readClientSecret(io, flags, ctx, interactive);
  validateCredential('client secret', clientSecret, '--client-secret-stdin');
  authServer ??= interactive ? await promptAuthServer(io) : 'oura';

  await using profile = await run.openProfile();
  const account = await profile.account({ forWriting: true });
  await account.withProfileLock(async () => {
    // A new client makes the old tokens meaningless: replace the whole login.
    await account.store.delete(SECRET_NAMES.tokens);
    await account.store.set(SECRET_NAMES.clientSecret, clientSecret);
    await account.updateConfig(() => ({
      clientId,
      redirectUri,
      authServer,
      scopes,
      store: account.store.kind,
    }));
  });
  notice(
    `Saved the client for profile "${ctx.profile}" (secret in the ${account.store.kind === 'keyring' ? 'OS keychain' : `file ${account.store.path}`}).`,
  );

  if (flags.login === false) {
    notice('Next: `oura auth login`.');
    return;
  }
  await loginOnProfile(profile, { ...(flags.browser === false ? { browser: false } : {}) }, io);
}

function printInstructions({ notice, bold }: CliIo, redirectUri: string): void {
  notice(bold('Register your Oura application'));
  notice(`1. Open ${PORTAL_URL} and create a new application.`);
  notice('2. Enter exactly these values in the form:');
  notice(`     Redirect URI:  ${redirectUri}`);
  notice(`     Scopes:        ${PORTAL_SCOPES.join(', ')}`);
  notice('     (Privacy policy / terms URLs: any page of yours; they are shown to you only.)');
  notice('3. Save, then copy the Client ID and Client Secret it shows.');
}

/** The origin of the authorization server when OURA_AUTHORIZE_URL replaces Oura's, else undefined. */
function replacedAuthServer(env: NodeJS.ProcessEnv): URL | undefined {
  if (!env.OURA_AUTHORIZE_URL) return undefined;
  try {
    return new URL(env.OURA_AUTHORIZE_URL);
  } catch {
    return undefined;
  }
}

/** Oura's portal has nothing to do with a replaced server: say what does. */
function printElsewhere({ notice, bold }: CliIo, server: URL, redirectUri: string): void {
  notice(bold('Register your application'));
  notice(
    `The login goes to ${server.origin} (OURA_AUTHORIZE_URL), not to Oura: Oura's portal is not involved.`,
  );
  if (['127.0.0.1', 'localhost', '[::1]'].includes(server.hostname)) {
    notice(
      'If that is `oura emulator`, its demo client is registered already: the export lines it printed set OURA_CLIENT_ID and OURA_CLIENT_SECRET, and it accepts the redirect URI http://localhost:3000/callback (others with its --redirect-uri).',
    );
  } else {
    notice(`Register a client with that server, with the redirect URI ${redirectUri}.`);
  }
}

async function promptClientId(io: CliIo, interactive: boolean): Promise<string> {
  if (!interactive) {
    throw new UsageError('No client ID given: pass --client-id ID or set OURA_CLIENT_ID.');
  }
  return askText(io, 'Client ID', (value) =>
    value ? undefined : 'The client ID cannot be empty.',
  );
}

async function readClientSecret(
  io: CliIo,
  flags: SetupFlags,
  ctx: CliContext,
  interactive: boolean,
): Promise<string> {
  if (flags.clientSecretStdin) return (await readAllStdin(io)).trim();
  if (ctx.env.OURA_CLIENT_SECRET) return ctx.env.OURA_CLIENT_SECRET.trim();
  if (!interactive) {
    throw new UsageError(
      'No client secret given: pipe it with --client-secret-stdin or set OURA_CLIENT_SECRET (never as a flag value: argv is visible to other users).',
    );
  }
  return askSecret(io, 'Client secret (hidden)', (value) =>
    value ? undefined : 'The client secret cannot be empty.',
  );
}

async function promptAuthServer(io: CliIo): Promise<AuthServerName> {
  return askChoice<AuthServerName>(
    io,
    'Where did you create the application?',
    [
      { value: 'oura', label: 'developer.ouraring.com (current portal)' },
      { value: 'legacy', label: 'cloud.ouraring.com/oauth/applications (older apps)' },
    ],
    'oura',
  );
}

function validateCredential(name: string, value: string, flag: string): void {
  if (!value) throw new UsageError(`The ${name} is empty (${flag}).`);
  if (/\s/.test(value))
    throw new UsageError(`The ${name} contains spaces: copy it again from the portal (${flag}).`);
}
