/**
 * The demo: a real login (loopback listener, authorize URL, consent, code
 * exchange, storage, connection test) against an in-process emulator, in a
 * throwaway config dir that is removed afterwards. The consent page is shown
 * in a browser when one can be opened, otherwise approved over HTTP.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { freeLoopbackPort } from '../../auth/loopback.js';
import { DEMO_CLIENT, startEmulator, submitConsent } from '../../emulator/index.js';
import { ensurePrivateDir } from '../../files/atomic-file.js';
import { loginProfile } from '../../profile/login.js';
import { openProfile, type Profile } from '../../profile/open-profile.js';
import type { CliIo } from '../cli-io.js';
import type { CommandRun } from '../command-run.js';
import { hasGraphicalBrowser, openInBrowser } from '../open-browser.js';

export async function runDemo(run: CommandRun<{ browser?: boolean }>): Promise<void> {
  const { flags, io } = run;
  const { notice, bold } = io;
  const port = await freeLoopbackPort();
  const redirectUri = `http://localhost:${port}/callback`;
  const emulator = await startEmulator({
    clients: [{ ...DEMO_CLIENT, redirectUris: [redirectUri] }],
  });
  // Fake credentials of a local emulator only, yet kept like real ones: in an
  // owner-only dir of the user's cache (not the shared /tmp), deleted at the end.
  const cacheDir = join(io.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'oura-connect');
  await ensurePrivateDir(cacheDir);
  const configDir = await mkdtemp(join(cacheDir, 'demo-'));
  try {
    notice(bold('oura-connect demo: connecting to a local Oura emulator'));
    notice(`Emulator at ${emulator.url}; throwaway config in ${configDir}`);
    const env: NodeJS.ProcessEnv = {
      ...io.env,
      ...emulator.env(),
      OURA_CONFIG_DIR: configDir,
      OURA_CREDENTIAL_STORE: 'file',
    };
    delete env.OURA_ACCESS_TOKEN;
    // The throwaway file holds fake credentials: sealing it would only cost time and say a misleading notice.
    delete env.OURA_STORE_PASSPHRASE;
    const { updateProfile } = await import('../../store/config.js');
    await updateProfile(configDir, 'default', () => ({
      redirectUri,
      authServer: 'oura',
      store: 'file',
    }));

    const browser = flags.browser !== false && hasGraphicalBrowser(io.env);
    await using profile = openProfile({
      configDir,
      profile: 'default',
      env,
      apiUrl: emulator.url,
      notice,
    });
    const result = await loginProfile(profile, {
      mode: browser ? 'browser' : 'print',
      showUrl: (url) => {
        notice('Authorize URL:');
        notice(url);
      },
      openUrl: (url) => openInBrowser(url, io.env),
      onListening: (authorizeUrl) => {
        if (browser) return;
        notice(
          'No browser here: approving the consent page over HTTP, as a person clicking Allow would.',
        );
        // Runs beside the login, which is now waiting for the callback this produces.
        void submitConsent(authorizeUrl, 'allow')
          .then((callback) => fetch(callback))
          .catch((error: Error) => notice(`Could not approve the consent page: ${error.message}`));
      },
    });
    notice(`${bold('Connected as')} ${result.displayName ?? '(unknown)'}`);
    notice(`Granted scopes: ${result.grantedScopes.join(' ')}`);
    notice(
      `Credentials stored in the ${result.store} store; token valid until ${result.expiresAt ?? '?'}.`,
    );
    io.out(`${JSON.stringify(result.user, null, 2)}\n`);
    await printWeek(profile, io);
  } finally {
    await emulator.close();
    await rm(configDir, { recursive: true, force: true });
  }
}

/** The data half of the demo: a week of sleep, readiness and activity. */
async function printWeek(profile: Profile, io: CliIo): Promise<void> {
  const { printDemoWeek } = await import('./demo-week.js');
  await printDemoWeek(profile, io);
}
