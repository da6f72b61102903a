import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nowMs } from '../src/clock.js';
import { DEMO_CLIENT, type Emulator, startEmulator } from '../src/emulator/index.js';
import {
  launchBrowser,
  type ResultPage,
  readResultPage,
  type TestBrowser,
} from './helpers/browser.js';
import {
  type CliResult,
  cleanEnv,
  expectNoSecrets,
  runCli,
  startCli,
  tempConfigDir,
} from './helpers/cli.js';
import { freePort } from './helpers/login.js';
import { chromiumAvailable } from './helpers/requirements.js';

/**
 * `oura auth login` end to end with a real browser: the CLI process listens on
 * loopback and prints the authorize URL, headless Chromium opens it, a person's
 * clicks on the emulator's consent page are made, the browser is redirected to
 * the CLI, which exchanges the code and answers the browser with the outcome.
 */

interface Profile {
  env: NodeJS.ProcessEnv;
  configDir: string;
}

interface BrowserLogin {
  result: CliResult;
  outcome: ResultPage;
  authorizeUrl: string;
  /** `code` and `state` from the URL the browser was redirected to. */
  code: string | null;
  state: string | null;
}

const LOGIN_URL_LINE = /^Log in to Oura at:\n(\S+)$/m;

describe.skipIf(!chromiumAvailable())('auth login in a real browser against the emulator', () => {
  let emulator: Emulator;
  let browser: TestBrowser;
  let ports: { allow: number; untick: number; deny: number; legacy: number };
  const configDirs: string[] = [];

  beforeAll(async () => {
    ports = {
      allow: await freePort(),
      untick: await freePort(),
      deny: await freePort(),
      legacy: await freePort(),
    };
    [emulator, browser] = await Promise.all([
      startEmulator({
        port: 0,
        clients: [
          {
            ...DEMO_CLIENT,
            redirectUris: Object.values(ports).map((port) => `http://localhost:${port}/callback`),
          },
        ],
      }),
      launchBrowser(),
    ]);
  });

  afterAll(async () => {
    await Promise.all([browser?.close(), emulator?.close()]);
    await Promise.all(configDirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  /** A fresh config dir with the demo client set up for `port` (file store, so the test can look inside). */
  async function setUp(port: number, server: 'oura' | 'legacy' = 'oura'): Promise<Profile> {
    const configDir = await tempConfigDir();
    configDirs.push(configDir);
    const endpoints = server === 'legacy' ? emulator.legacy : emulator;
    const env = cleanEnv({
      OURA_AUTHORIZE_URL: endpoints.authorizeUrl,
      OURA_TOKEN_URL: endpoints.tokenUrl,
      OURA_REVOKE_URL: endpoints.revokeUrl,
      // Oura's callbacks name moi's issuer whichever authorize path was used.
      OURA_ISSUER: emulator.issuer,
      OURA_API_URL: emulator.url,
      OURA_CONFIG_DIR: configDir,
      OURA_CREDENTIAL_STORE: 'file',
    });
    const setup = await runCli(
      [
        'setup',
        '--client-id',
        DEMO_CLIENT.clientId,
        '--client-secret-stdin',
        '--redirect-uri',
        `http://localhost:${port}/callback`,
        '--auth-server',
        server,
        '--no-login',
        '--no-browser',
      ],
      { env, input: `${DEMO_CLIENT.clientSecret}\n` },
    );
    expect(setup.code, setup.stderr).toBe(0);
    return { env, configDir };
  }

  /** Runs `oura auth login --no-browser`, opens the printed URL in Chromium and lets `act` answer the consent page. */
  async function loginInBrowser(
    profile: Profile,
    act: (page: Page) => Promise<void>,
  ): Promise<BrowserLogin> {
    const run = startCli(['auth', 'login', '--no-browser', '--timeout', '30'], {
      env: profile.env,
    });
    const page = await browser.newPage();
    try {
      const [, authorizeUrl = ''] = await run.waitForStderr(LOGIN_URL_LINE);
      await page.goto(authorizeUrl);
      await page.locator('form#consent').waitFor();
      await act(page);
      const outcome = await readResultPage(page);
      const result = await run.result;
      const callback = new URL(outcome.url).searchParams;
      return {
        result,
        outcome,
        authorizeUrl,
        code: callback.get('code'),
        state: callback.get('state'),
      };
    } finally {
      await page.close();
      run.kill();
    }
  }

  const clickAllow = (page: Page) => page.locator('button[name=decision][value=allow]').click();

  async function storedTokens(
    profile: Profile,
  ): Promise<{ access_token: string; refresh_token: string }> {
    const file = JSON.parse(
      await readFile(join(profile.configDir, 'credentials', 'default.json'), 'utf8'),
    );
    return JSON.parse(file.tokens);
  }

  /** Codes, tokens and the client secret never printed; `state` only inside the printed authorize URL. */
  async function expectNothingSecretPrinted(login: BrowserLogin, profile: Profile): Promise<void> {
    const tokens = await storedTokens(profile).catch(() => undefined);
    expectNoSecrets(login.result, [
      login.code ?? undefined,
      tokens?.access_token,
      tokens?.refresh_token,
      DEMO_CLIENT.clientSecret,
    ]);
    expect(login.state).toBe(new URL(login.authorizeUrl).searchParams.get('state'));
    const state = login.state ?? '';
    expect(login.result.stdout).not.toContain(state);
    expect(
      login.result.stderr.split(state).length - 1,
      'state printed outside the authorize URL',
    ).toBe(1);
    expect(login.result.stderr.replace(login.authorizeUrl, '')).not.toContain(state);
  }

  /** Every directory under the config dir is 0700 and every file 0600. */
  async function expectOwnerOnly(dir: string): Promise<number> {
    expect((await stat(dir)).mode & 0o777, dir).toBe(0o700);
    let files = 0;
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) files += await expectOwnerOnly(path);
      else {
        expect((await stat(path)).mode & 0o777, path).toBe(0o600);
        files += 1;
      }
    }
    return files;
  }

  async function status(
    profile: Profile,
  ): Promise<{ code: number | null; report: Record<string, unknown> }> {
    const run = await runCli(['auth', 'status', '--json'], { env: profile.env });
    return { code: run.code, report: JSON.parse(run.stdout) };
  }

  it('Allow: the browser shows success, the CLI says who is connected and stores the login owner-only', async () => {
    const profile = await setUp(ports.allow);
    const before = emulator.stats.authorizationCodeGrants;
    const login = await loginInBrowser(profile, clickAllow);

    expect(
      login.outcome.ok,
      `${login.outcome.title}: ${login.outcome.detail}\n${login.result.stderr}`,
    ).toBe(true);
    expect(new URL(login.outcome.url).origin).toBe(`http://localhost:${ports.allow}`);
    expect(login.result.code, login.result.stderr).toBe(0);
    expect(login.result.stderr).toContain(`Connected as ${emulator.user.email}`);
    expect(login.result.stderr).not.toContain('Not granted');
    expect(emulator.stats.authorizationCodeGrants).toBe(before + 1);
    const asked = new URL(login.authorizeUrl);
    expect(asked.origin + asked.pathname).toBe(emulator.authorizeUrl);
    expect(asked.searchParams.get('code_challenge_method')).toBe('S256');
    const askedScopes = (asked.searchParams.get('scope') ?? '').split(' ');
    expect(askedScopes.length).toBeGreaterThan(0);
    for (const scope of askedScopes) expect(scope).toMatch(/^extapi:/);

    const { code, report } = await status(profile);
    expect(code).toBe(0);
    expect(report).toMatchObject({
      logged_in: true,
      client_id: DEMO_CLIENT.clientId,
      auth_server: 'oura',
      store: 'file',
      user: emulator.user.email,
    });
    // Granted scopes, reported bare: everything that was asked.
    expect([...(report.scopes as string[])].sort()).toEqual(
      askedScopes.map((s) => s.replace('extapi:', '')).sort(),
    );
    expect(Date.parse(String(report.expires_at))).toBeGreaterThan(nowMs());

    // The stored tokens work at the API.
    const tokens = await storedTokens(profile);
    const me = await fetch(`${emulator.url}/v2/usercollection/personal_info`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(me.status).toBe(200);

    expect(await expectOwnerOnly(profile.configDir)).toBeGreaterThanOrEqual(2);
    await expectNothingSecretPrinted(login, profile);
  });

  it('an unticked scope: the CLI names the scope that was not granted, status leaves it out', async () => {
    const profile = await setUp(ports.untick);
    const login = await loginInBrowser(profile, async (page) => {
      const box = page.locator('input[name=scope][value="extapi:heartrate"]');
      await box.uncheck();
      expect(await box.isChecked()).toBe(false);
      await clickAllow(page);
    });

    expect(login.outcome.ok, login.result.stderr).toBe(true);
    expect(login.result.code, login.result.stderr).toBe(0);
    expect(login.result.stderr).toMatch(/Not granted: heartrate\b/);
    expect(login.result.stderr).toContain(`Connected as ${emulator.user.email}`);
    const { report } = await status(profile);
    expect(report.logged_in).toBe(true);
    expect(report.scopes).not.toContain('heartrate');
    expect(report.scopes).toContain('daily');

    // The emulator enforces the grant: heart rate is refused with the stored token.
    const tokens = await storedTokens(profile);
    const heartrate = await fetch(`${emulator.url}/v2/usercollection/heartrate`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(heartrate.status).toBe(403);
    await heartrate.body?.cancel();
    await expectNothingSecretPrinted(login, profile);
  });

  it('Deny: the browser shows failure, the CLI exits 1 saying access was denied, nothing is stored', async () => {
    const profile = await setUp(ports.deny);
    const before = emulator.stats.authorizationCodeGrants;
    const login = await loginInBrowser(profile, (page) =>
      page.locator('button[name=decision][value=deny]').click(),
    );

    expect(login.outcome.ok).toBe(false);
    expect(login.outcome.detail).toMatch(/denied/i);
    expect(new URL(login.outcome.url).searchParams.get('error')).toBe('access_denied');
    expect(login.result.code, login.result.stderr).toBe(1);
    expect(login.result.stderr).toMatch(/denied/i);
    expect(login.result.stderr).toContain('oura auth login');
    expect(login.result.stderr).not.toContain('Connected as');
    expect(emulator.stats.authorizationCodeGrants).toBe(before);

    const { code, report } = await status(profile);
    expect(code).toBe(4);
    expect(report.logged_in).toBe(false);
    expect(report.client_id).toBe(DEMO_CLIENT.clientId);
    await expectNothingSecretPrinted(login, profile);
  });

  it("the legacy endpoint set: bare scopes asked, Oura's extapi: grant stored in our spelling, refresh works", async () => {
    const profile = await setUp(ports.legacy, 'legacy');
    const login = await loginInBrowser(profile, async (page) => {
      // The consent page lists the scopes as they were asked: bare.
      const values: (string | null)[] = [];
      for (const box of await page.locator('input[name=scope]').all())
        values.push(await box.getAttribute('value'));
      expect(values.length).toBeGreaterThan(0);
      for (const value of values) expect(value).not.toMatch(/^extapi:/);
      await clickAllow(page);
    });

    const asked = new URL(login.authorizeUrl);
    expect(asked.origin + asked.pathname).toBe(emulator.legacy.authorizeUrl);
    const askedScopes = (asked.searchParams.get('scope') ?? '').split(' ');
    expect(askedScopes).toContain('daily');
    for (const scope of askedScopes) expect(scope).not.toMatch(/^extapi:/);

    expect(login.outcome.ok, `${login.outcome.detail}\n${login.result.stderr}`).toBe(true);
    expect(login.result.code, login.result.stderr).toBe(0);
    expect(login.result.stderr).toContain(`Connected as ${emulator.user.email}`);
    expect(login.result.stderr).not.toContain('Not granted');

    const { code, report } = await status(profile);
    expect(code).toBe(0);
    expect(report).toMatchObject({
      logged_in: true,
      auth_server: 'legacy',
      user: emulator.user.email,
    });
    expect([...(report.scopes as string[])].sort()).toEqual([...askedScopes].sort());
    if (report.token_endpoint !== undefined)
      expect(report.token_endpoint).toBe(emulator.legacy.tokenUrl);
    const refresh = await runCli(['auth', 'refresh'], { env: profile.env });
    expect(refresh.code, refresh.stderr).toBe(0);
    await expectNothingSecretPrinted(login, profile);
  });
});
