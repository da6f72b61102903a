/**
 * `oura auth status` tells the truth: it checks the token with one
 * personal_info request through the session every command uses, and
 * `--offline` only reads what is stored. Real processes against the emulator.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLIENT, type Emulator, startEmulator } from '../src/emulator/index.js';
import { type CliResult, cleanEnv, expectNoSecrets, runCli, tempConfigDir } from './helpers/cli.js';
import {
  loginOverHttp,
  startEmulatorWithProfile,
  startLoggedInProfile,
  type TestProfile,
} from './helpers/login.js';

interface Report {
  logged_in: boolean;
  verified: boolean | null;
  user: string | null;
  problem?: string;
}

function report(result: CliResult): Report {
  return JSON.parse(result.stdout) as Report;
}

const credentialsFile = (profile: TestProfile) =>
  join(profile.configDir, 'credentials', 'default.json');

async function storedTokens(profile: TestProfile): Promise<Record<string, unknown>> {
  return JSON.parse(JSON.parse(await readFile(credentialsFile(profile), 'utf8')).tokens);
}

/** Replaces the stored access token, as if Oura had dropped it while the refresh token lives on. */
async function replaceAccessToken(profile: TestProfile, accessToken: string): Promise<void> {
  const file = JSON.parse(await readFile(credentialsFile(profile), 'utf8'));
  file.tokens = JSON.stringify({ ...JSON.parse(file.tokens), access_token: accessToken });
  await writeFile(credentialsFile(profile), JSON.stringify(file), { mode: 0o600 });
}

async function secretsOf(profile: TestProfile): Promise<string[]> {
  const tokens = await storedTokens(profile);
  return [String(tokens.access_token), String(tokens.refresh_token), DEMO_CLIENT.clientSecret];
}

describe('auth status with a stored login', () => {
  let emulator: Emulator;
  let profile: TestProfile;

  beforeAll(async () => {
    ({ emulator, profile } = await startLoggedInProfile());
  });
  afterAll(async () => emulator?.close());

  it('checks the token with exactly one request and says it works', async () => {
    const before = emulator.stats.apiRequests;
    const status = await runCli(['auth', 'status', '--json'], { env: profile.env });
    expect(status.code, status.stderr).toBe(0);
    expect(report(status)).toMatchObject({
      logged_in: true,
      verified: true,
      user: emulator.user.email,
    });
    expect(report(status).problem).toBeUndefined();
    expect(emulator.stats.apiRequests).toBe(before + 1);
    expectNoSecrets(status, await secretsOf(profile));

    const human = await runCli(['auth', 'status'], { env: profile.env });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/Logged in:\s+yes/);
    expect(human.stdout).toMatch(/Checked:\s+yes, Oura accepted the token/);
  });

  it('--offline sends no request at all', async () => {
    const requests = emulator.stats.apiRequests;
    const refreshes = emulator.stats.refreshGrants;
    const status = await runCli(['auth', 'status', '--offline', '--json'], { env: profile.env });
    expect(status.code, status.stderr).toBe(0);
    expect(report(status)).toMatchObject({ logged_in: true, verified: null });
    const human = await runCli(['auth', 'status', '--offline'], { env: profile.env });
    expect(human.stdout).toMatch(/Checked:\s+no \(--offline\)/);
    expect(emulator.stats.apiRequests).toBe(requests);
    expect(emulator.stats.refreshGrants).toBe(refreshes);
  });

  it('a rejected access token is refreshed, as a command would, and the login still works', async () => {
    await replaceAccessToken(profile, 'dropped-by-oura-access-token');
    const requests = emulator.stats.apiRequests;
    const refreshes = emulator.stats.refreshGrants;
    const status = await runCli(['auth', 'status', '--json'], { env: profile.env });
    expect(status.code, status.stderr).toBe(0);
    expect(report(status)).toMatchObject({ logged_in: true, verified: true });
    expect(emulator.stats.refreshGrants).toBe(refreshes + 1);
    expect(emulator.stats.apiRequests).toBe(requests + 2);
    expect((await storedTokens(profile)).access_token).not.toBe('dropped-by-oura-access-token');
    expectNoSecrets(status, await secretsOf(profile));
  });

  it('a login Oura revoked is reported as logged out, exit 4, saying to log in', async () => {
    const [, refreshToken] = await secretsOf(profile);
    const revoke = await fetch(emulator.revokeUrl, {
      method: 'POST',
      body: new URLSearchParams({
        token: refreshToken ?? '',
        client_id: DEMO_CLIENT.clientId,
        client_secret: DEMO_CLIENT.clientSecret,
      }),
    });
    expect(revoke.ok).toBe(true);
    const status = await runCli(['auth', 'status', '--json'], { env: profile.env });
    expect(status.code).toBe(4);
    const body = report(status);
    expect(body).toMatchObject({ logged_in: false, verified: false });
    expect(body.problem).toContain('oura auth login');
    expectNoSecrets(status, await secretsOf(profile));
  });
});

describe('auth status with OURA_ACCESS_TOKEN', () => {
  let emulator: Emulator;
  let configDir: string;
  const envWith = (token: string) =>
    cleanEnv({ OURA_API_URL: emulator.url, OURA_CONFIG_DIR: configDir, OURA_ACCESS_TOKEN: token });

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    configDir = await tempConfigDir();
  });
  afterAll(async () => emulator?.close());

  it('a garbage token: logged out, exit 4, a problem naming the variable, one request', async () => {
    const garbage = 'garbage-token-for-status-test';
    const before = emulator.stats.apiRequests;
    const status = await runCli(['auth', 'status', '--json'], { env: envWith(garbage) });
    expect(status.code).toBe(4);
    const body = report(status);
    expect(body).toMatchObject({ logged_in: false, verified: false });
    expect(body.problem).toContain('OURA_ACCESS_TOKEN');
    expect(emulator.stats.apiRequests).toBe(before + 1);
    expectNoSecrets(status, [garbage]);

    const human = await runCli(['auth', 'status'], { env: envWith(garbage) });
    expect(human.code).toBe(4);
    expect(human.stdout).toMatch(/Logged in:\s+no/);
    expectNoSecrets(human, [garbage]);
  });

  it('--offline cannot judge a token: it reports what is set, without a request', async () => {
    const before = emulator.stats.apiRequests;
    const status = await runCli(['auth', 'status', '--offline', '--json'], {
      env: envWith('garbage-token-for-status-test'),
    });
    expect(status.code).toBe(0);
    expect(report(status)).toMatchObject({ logged_in: true, verified: null });
    expect(emulator.stats.apiRequests).toBe(before);
  });

  it('a valid token is verified and names the user', async () => {
    const token = emulator.mintTokens().access_token;
    const status = await runCli(['auth', 'status', '--json'], { env: envWith(token) });
    expect(status.code, status.stderr).toBe(0);
    expect(report(status)).toMatchObject({
      logged_in: true,
      verified: true,
      user: emulator.user.email,
    });
  });

  it('a token without the personal scope (403) still works', async () => {
    const token = emulator.mintTokens({ scopes: ['daily'] }).access_token;
    const status = await runCli(['auth', 'status', '--json'], { env: envWith(token) });
    expect(status.code, status.stderr).toBe(0);
    expect(report(status)).toMatchObject({ logged_in: true, verified: true, user: null });
  });
});

describe('auth status when Oura cannot be reached', () => {
  it('keeps the stored state (exit 0) with verified null and a problem saying the check failed', async () => {
    const { emulator, profile } = await startEmulatorWithProfile();
    let secrets: string[];
    try {
      const login = await loginOverHttp(profile);
      expect(login.code, login.stderr).toBe(0);
      secrets = await secretsOf(profile);
    } finally {
      await emulator.close();
    }

    const status = await runCli(['auth', 'status', '--json'], { env: profile.env });
    expect(status.code, status.stderr).toBe(0);
    const body = report(status);
    expect(body).toMatchObject({ logged_in: true, verified: null });
    expect(body.problem).toMatch(/^Could not check the login with Oura \(.*ECONNREFUSED/);
    expect(body.problem).toContain('--offline');
    expectNoSecrets(status, secrets);
  });
});
