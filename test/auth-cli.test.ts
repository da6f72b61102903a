import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nowMs } from '../src/clock.js';
import { DEMO_CLIENT, type Emulator } from '../src/emulator/index.js';
import { type CliResult, expectNoSecrets, runCli } from './helpers/cli.js';
import {
  loginOverHttp,
  setUpProfile,
  startEmulatorWithProfile,
  type TestProfile,
} from './helpers/login.js';

/** The authorize URL carries `state` by necessity; nothing else printed may. */
function expectNoLoginSecrets(
  result: CliResult,
  authorizeUrl: string,
  callbackUrl: string,
  more: string[] = [],
) {
  const callback = new URL(callbackUrl).searchParams;
  const withoutUrlLine = { stdout: result.stdout, stderr: result.stderr.replace(authorizeUrl, '') };
  expectNoSecrets(withoutUrlLine, [
    callback.get('code') ?? undefined,
    callback.get('state') ?? undefined,
    DEMO_CLIENT.clientSecret,
    ...more,
  ]);
}

async function storedTokens(
  profile: TestProfile,
): Promise<{ access_token: string; refresh_token: string }> {
  const file = JSON.parse(
    await readFile(join(profile.configDir, 'credentials', 'default.json'), 'utf8'),
  );
  return JSON.parse(file.tokens);
}

describe('oura setup, auth login/status/token/refresh/logout against the emulator', () => {
  let emulator: Emulator;
  let port: number;

  beforeAll(async () => {
    let profile: TestProfile;
    ({ emulator, profile } = await startEmulatorWithProfile());
    port = profile.port;
  });
  afterAll(async () => emulator?.close());

  /** A profile of its own for each test, so none depends on what another left behind. */
  const freshProfile = () => setUpProfile(emulator, DEMO_CLIENT, port);
  async function loggedIn(): Promise<TestProfile> {
    const profile = await freshProfile();
    const login = await loginOverHttp(profile);
    expect(login.code, login.stderr).toBe(0);
    return profile;
  }

  it('logs in, exchanging the code and saying who is connected', async () => {
    const profile = await freshProfile();
    const login = await loginOverHttp(profile);
    expect(login.code, login.stderr).toBe(0);
    expect(login.stderr).toContain(`Connected as ${emulator.user.email}`);
    expect(login.stderr).toMatch(/^Log in to Oura at:\n/m);
    expect(emulator.stats.authorizationCodeGrants).toBe(1);
    const tokens = await storedTokens(profile);
    expectNoLoginSecrets(login, login.authorizeUrl, login.callbackUrl, [
      tokens.access_token,
      tokens.refresh_token,
    ]);

    // PKCE S256 and a state of at least 128 bits were sent.
    const asked = new URL(login.authorizeUrl).searchParams;
    expect(asked.get('code_challenge_method')).toBe('S256');
    expect(Buffer.from(asked.get('state') ?? '', 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(asked.get('scope')).toContain('extapi:daily');
  });

  it('stores secrets owner-only and non-secrets in config.json', async () => {
    const profile = await loggedIn();
    expect((await stat(profile.configDir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(profile.configDir, 'config.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(profile.configDir, 'credentials', 'default.json'))).mode & 0o777).toBe(
      0o600,
    );
    const config = await readFile(join(profile.configDir, 'config.json'), 'utf8');
    const tokens = await storedTokens(profile);
    expect(config).not.toContain(tokens.access_token);
    expect(config).not.toContain(DEMO_CLIENT.clientSecret);
  });

  it('auth status --json shows the login without secrets', async () => {
    const profile = await loggedIn();
    const status = await runCli(['auth', 'status', '--json'], { env: profile.env });
    expect(status.code).toBe(0);
    const report = JSON.parse(status.stdout);
    expect(report).toMatchObject({
      profile: 'default',
      logged_in: true,
      client_id: DEMO_CLIENT.clientId,
      auth_server: 'oura',
      store: 'file',
      user: emulator.user.email,
    });
    expect(report.scopes).toEqual(
      expect.arrayContaining(['daily', 'heartrate', 'personal', 'email']),
    );
    expect(Date.parse(report.expires_at)).toBeGreaterThan(nowMs());
    const tokens = await storedTokens(profile);
    expectNoSecrets(status, [tokens.access_token, tokens.refresh_token, DEMO_CLIENT.clientSecret]);
    const human = await runCli(['auth', 'status'], { env: profile.env });
    expect(human.stdout).toMatch(/Logged in:\s+yes/);
  });

  it('auth token prints exactly the stored token, which the API accepts', async () => {
    const profile = await loggedIn();
    const token = await runCli(['auth', 'token'], { env: profile.env });
    expect(token.code).toBe(0);
    const { access_token } = await storedTokens(profile);
    expect(token.stdout).toBe(`${access_token}\n`);
    const api = await fetch(`${emulator.url}/v2/usercollection/personal_info`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(api.status).toBe(200);
  });

  it('auth refresh rotates the pair and the old refresh token dies', async () => {
    const profile = await loggedIn();
    const before = await storedTokens(profile);
    const grants = emulator.stats.refreshGrants;
    const refresh = await runCli(['auth', 'refresh'], { env: profile.env });
    expect(refresh.code, refresh.stderr).toBe(0);
    expect(emulator.stats.refreshGrants).toBe(grants + 1);
    const after = await storedTokens(profile);
    expect(after.access_token).not.toBe(before.access_token);
    expect(after.refresh_token).not.toBe(before.refresh_token);
    expectNoSecrets(refresh, [
      before.access_token,
      before.refresh_token,
      after.access_token,
      after.refresh_token,
    ]);
    const reuse = await fetch(emulator.tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: before.refresh_token,
        client_id: DEMO_CLIENT.clientId,
        client_secret: DEMO_CLIENT.clientSecret,
      }),
    });
    expect(reuse.status).toBe(400);
    expect(((await reuse.json()) as { error?: string }).error).toBe('invalid_grant');
  });

  it('usage errors exit 2', async () => {
    // Logged in: an insecure token URL must be refused as such, not as a missing login.
    const profile = await loggedIn();
    expect((await runCli(['auth', 'login', '--bogus'], { env: profile.env })).code).toBe(2);
    expect((await runCli(['auth', 'login', '--port', 'abc'], { env: profile.env })).code).toBe(2);
    expect((await runCli(['nonsense'], { env: profile.env })).code).toBe(2);
    const badServer = await runCli(['setup', '--auth-server', 'nope', '--no-login'], {
      env: profile.env,
    });
    expect(badServer.code).toBe(2);
    expect(badServer.stderr).toContain('--auth-server');
    const secretFlag = await runCli(['setup', '--client-secret=flag-secret-value', '--no-login'], {
      env: profile.env,
    });
    expect(secretFlag.code).toBe(2);
    expect(secretFlag.stderr).toContain('--client-secret-stdin');
    expectNoSecrets(secretFlag, ['flag-secret-value']);
    const badScope = await runCli(['auth', 'login', '--scopes', 'daily,sleeep'], {
      env: profile.env,
    });
    expect(badScope.code).toBe(2);
    expect(badScope.stderr).toContain('sleeep');
    const plainHttp = await runCli(['get', 'daily_sleep'], {
      env: { ...profile.env, OURA_API_URL: 'http://192.0.2.1:8080' },
    });
    expect(plainHttp.code).toBe(2);
    expect(plainHttp.stderr).toContain('https');
    const plainToken = await runCli(['auth', 'refresh'], {
      env: { ...profile.env, OURA_TOKEN_URL: 'http://192.0.2.1/oauth/token' },
    });
    expect(plainToken.code).toBe(2);
  });

  it('logout revokes at the server, then deletes the tokens but keeps the client', async () => {
    const profile = await loggedIn();
    const { access_token, refresh_token } = await storedTokens(profile);
    const revocations = emulator.stats.revocations;
    const logout = await runCli(['auth', 'logout'], { env: profile.env });
    expect(logout.code, logout.stderr).toBe(0);
    expect(emulator.stats.revocations).toBeGreaterThan(revocations);
    expectNoSecrets(logout, [access_token, refresh_token]);
    const api = await fetch(`${emulator.url}/v2/usercollection/personal_info`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(api.status).toBe(401);
    const status = await runCli(['auth', 'status', '--json'], { env: profile.env });
    expect(status.code).toBe(4);
    expect(JSON.parse(status.stdout)).toMatchObject({
      logged_in: false,
      client_id: DEMO_CLIENT.clientId,
    });
    const token = await runCli(['auth', 'token'], { env: profile.env });
    expect(token.code).toBe(4);
    expect(token.stderr).toContain('oura auth login');

    const all = await runCli(['auth', 'logout', '--all'], { env: profile.env });
    expect(all.code).toBe(0);
    const again = await runCli(['auth', 'logout'], { env: profile.env });
    expect(again.stderr).toContain('Nothing to log out');
    const after = JSON.parse(
      (await runCli(['auth', 'status', '--json'], { env: profile.env })).stdout,
    );
    expect(after.client_id).toBeNull();
  });
});
