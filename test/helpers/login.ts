import { expect } from 'vitest';
import { submitConsent } from '../../src/emulator/consent-client.js';
import {
  DEMO_CLIENT,
  type Emulator,
  type EmulatorOptions,
  startEmulator,
} from '../../src/emulator/index.js';
import { type CliResult, cleanEnv, runCli, startCli, tempConfigDir } from './cli.js';
import { freePort } from './ports.js';

export { freePort };

export interface TestProfile {
  env: NodeJS.ProcessEnv;
  configDir: string;
  redirectUri: string;
  port: number;
}

/**
 * A config dir with the emulator's client set up (file store, so tests can
 * look inside) and a redirect URI on a free port registered with the emulator.
 */
export async function setUpProfile(
  emulator: Emulator,
  client: { clientId: string; clientSecret: string },
  port: number,
  extraEnv: Record<string, string> = {},
  setupArgs: string[] = [],
): Promise<TestProfile> {
  const configDir = await tempConfigDir();
  const redirectUri = `http://localhost:${port}/callback`;
  const envVars = emulator.env();
  const env = cleanEnv({
    OURA_AUTHORIZE_URL: envVars.OURA_AUTHORIZE_URL,
    OURA_TOKEN_URL: envVars.OURA_TOKEN_URL,
    OURA_REVOKE_URL: envVars.OURA_REVOKE_URL,
    OURA_ISSUER: envVars.OURA_ISSUER,
    OURA_API_URL: envVars.OURA_API_URL,
    OURA_CONFIG_DIR: configDir,
    OURA_CREDENTIAL_STORE: 'file',
    ...extraEnv,
  });
  const setup = await runCli(
    [
      'setup',
      '--client-id',
      client.clientId,
      '--client-secret-stdin',
      '--redirect-uri',
      redirectUri,
      '--no-login',
      '--no-browser',
      ...setupArgs,
    ],
    { env, input: `${client.clientSecret}\n` },
  );
  expect(setup.code, setup.stderr).toBe(0);
  return { env, configDir, redirectUri, port };
}

/**
 * An emulator whose demo client accepts a redirect URI on a free port, and a
 * profile set up for it. Close the emulator after the tests.
 */
export async function startEmulatorWithProfile(
  options: EmulatorOptions = {},
): Promise<{ emulator: Emulator; profile: TestProfile }> {
  const port = await freePort();
  const emulator = await startEmulator({
    ...options,
    clients: [{ ...DEMO_CLIENT, redirectUris: [`http://localhost:${port}/callback`] }],
  });
  try {
    return { emulator, profile: await setUpProfile(emulator, DEMO_CLIENT, port) };
  } catch (error) {
    // The caller never gets the emulator to close.
    await emulator.close();
    throw error;
  }
}

/**
 * Runs `oura auth login --no-browser` and answers the consent page over HTTP,
 * as `account` (a position or user id) when the emulator holds several.
 */
export async function loginOverHttp(
  profile: TestProfile,
  options: {
    decision?: 'allow' | 'deny';
    scopes?: string[];
    args?: string[];
    account?: number | string;
  } = {},
): Promise<CliResult & { authorizeUrl: string; callbackUrl: string }> {
  const run = startCli(['auth', 'login', '--no-browser', ...(options.args ?? [])], {
    env: profile.env,
  });
  const [, authorizeUrl = ''] = await run.waitForStderr(/^(http\S+oauth\S+)$/m);
  const callbackUrl = await submitConsent(authorizeUrl, options.decision ?? 'allow', {
    ...(options.scopes ? { scopes: options.scopes } : {}),
    ...(options.account === undefined ? {} : { account: options.account }),
  });
  await fetch(callbackUrl).catch(() => undefined);
  return { ...(await run.result), authorizeUrl, callbackUrl };
}

/** {@link startEmulatorWithProfile}, logged in through the consent page. */
export async function startLoggedInProfile(
  options: EmulatorOptions = {},
): Promise<{ emulator: Emulator; profile: TestProfile }> {
  const started = await startEmulatorWithProfile(options);
  try {
    const login = await loginOverHttp(started.profile);
    expect(login.code, login.stderr).toBe(0);
  } catch (error) {
    await started.emulator.close();
    throw error;
  }
  return started;
}
