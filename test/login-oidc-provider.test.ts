import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nowMs } from '../src/clock.js';
import { launchBrowser, readResultPage, type TestBrowser } from './helpers/browser.js';
import { cleanEnv, expectNoSecrets, runCli, startCli, tempConfigDir } from './helpers/cli.js';
import { freePort } from './helpers/login.js';
import { type OidcPeer, startOidcProvider, startPersonalInfoApi } from './helpers/oidc-provider.js';
import { chromiumAvailable } from './helpers/requirements.js';

/**
 * The whole login against an authorization server we did not write:
 * oidc-provider, strict about PKCE, client authentication, redirect URIs,
 * single-use codes and refresh-token rotation, with its own cookie-based
 * login and consent pages driven by a real Chromium.
 *
 * The tests share one login and run in order; the last one burns the
 * refresh chain on purpose.
 */

// Oura's legacy server spells scopes bare; the CLI is set up with `--auth-server legacy`.
const SCOPES = ['email', 'personal', 'daily', 'heartrate'] as const;
const CLIENT = {
  clientId: 'oura-connect-oidc-test',
  clientSecret: randomBytes(24).toString('base64url'),
};
const USER = { id: 'oidc-user-7f3a', email: 'ring.owner@oidc.example' };

interface StoredTokens {
  access_token: string;
  refresh_token?: string;
}

describe.skipIf(!chromiumAvailable())(
  'auth login against oidc-provider (independent, standards-strict server)',
  () => {
    let oidc: OidcPeer;
    let api: Awaited<ReturnType<typeof startPersonalInfoApi>>;
    let browser: TestBrowser;
    let configDir: string;
    let env: NodeJS.ProcessEnv;
    /** Every token value the tests have seen, for the no-secrets checks. */
    const seen: string[] = [CLIENT.clientSecret];
    let firstTokens: StoredTokens;

    const storedTokens = async (): Promise<StoredTokens> => {
      const file = JSON.parse(
        await readFile(join(configDir, 'credentials', 'default.json'), 'utf8'),
      );
      return JSON.parse(file.tokens);
    };

    beforeAll(async () => {
      const port = await freePort();
      [oidc, api, browser, configDir] = await Promise.all([
        startOidcProvider({
          ...CLIENT,
          redirectUri: `http://localhost:${port}/callback`,
          scopes: SCOPES,
        }),
        startPersonalInfoApi(USER),
        launchBrowser(),
        tempConfigDir(),
      ]);
      env = cleanEnv({
        OURA_AUTHORIZE_URL: oidc.authorizeUrl,
        OURA_TOKEN_URL: oidc.tokenUrl,
        OURA_REVOKE_URL: oidc.revokeUrl,
        OURA_API_URL: api.url,
        OURA_CONFIG_DIR: configDir,
        OURA_CREDENTIAL_STORE: 'file',
      });
      const setup = await runCli(
        [
          'setup',
          '--client-id',
          CLIENT.clientId,
          '--client-secret-stdin',
          '--redirect-uri',
          `http://localhost:${port}/callback`,
          '--auth-server',
          'legacy',
          '--scopes',
          SCOPES.join(','),
          '--no-login',
          '--no-browser',
        ],
        { env, input: `${CLIENT.clientSecret}\n` },
      );
      expect(setup.code, setup.stderr).toBe(0);
    });

    afterAll(async () => {
      await Promise.all([browser?.close(), oidc?.close(), api?.close()]);
      if (configDir) await rm(configDir, { recursive: true, force: true });
    });

    it('logs in through its login and consent pages, exchanging the code with PKCE and client_secret_post', async () => {
      const login = startCli(['auth', 'login', '--no-browser', '--timeout', '40'], { env });
      try {
        const [, authorizeUrl = ''] = await login.waitForStderr(/^Log in to Oura at:\n(\S+)$/m);
        const asked = new URL(authorizeUrl);
        expect(asked.origin + asked.pathname).toBe(oidc.authorizeUrl);
        expect(asked.searchParams.get('scope')).toBe(SCOPES.join(' '));
        expect(asked.searchParams.get('code_challenge_method')).toBe('S256');

        const page = await browser.newPage();
        await page.goto(authorizeUrl);
        // oidc-provider's development login: any name and password.
        await page.locator('input[name=login]').fill('ring-owner');
        await page.locator('input[name=password]').fill('any password');
        await page.locator('button[type=submit]').click();
        // Its consent page lists the asked scopes; "Continue" grants them.
        const consent = page.locator('form input[name=prompt][value=consent]');
        await consent.waitFor({ state: 'attached' });
        const listed = (await page.locator('li').allTextContents()).map((text) => text.trim());
        for (const scope of SCOPES) expect(listed).toContain(scope);
        await page.locator('button[type=submit]', { hasText: 'Continue' }).click();

        const outcome = await readResultPage(page);
        const result = await login.result;
        expect(
          outcome,
          `browser: ${JSON.stringify(outcome)}\nCLI stderr:\n${result.stderr}\noidc-provider: ${oidc.errors.join('\n')}`,
        ).toMatchObject({ ok: true });
        expect(result.code, result.stderr).toBe(0);
        expect(result.stderr).toContain(`Connected as ${USER.email}`);
        expect(result.stderr).not.toMatch(/Not granted/);

        // The callback carried RFC 9207 `iss`, which the client checked against the authorize URL's origin.
        const callback = new URL(outcome.url).searchParams;
        expect(callback.get('iss')).toBe(oidc.issuer);
        const code = callback.get('code') ?? '';
        const state = callback.get('state') ?? '';
        expect(code).not.toBe('');
        expect(state).toBe(asked.searchParams.get('state'));

        // The stored pair is what oidc-provider issued, and it is live there.
        firstTokens = await storedTokens();
        expect(firstTokens.refresh_token).toBeTruthy();
        const accessToken = await oidc.provider.AccessToken.find(firstTokens.access_token);
        expect(accessToken, 'the stored access token is unknown to oidc-provider').toBeDefined();
        expect(accessToken?.accountId).toBe('ring-owner');
        expect(accessToken?.scope?.split(' ').sort()).toEqual([...SCOPES].sort());
        expect(
          await oidc.provider.RefreshToken.find(firstTokens.refresh_token ?? ''),
        ).toBeDefined();
        // The connection test used that token.
        expect(api.bearerTokens).toEqual([firstTokens.access_token]);

        // No code, token or secret printed; `state` only inside the authorize URL.
        seen.push(code, firstTokens.access_token, firstTokens.refresh_token ?? '');
        expectNoSecrets(result, seen);
        expect(
          result.stderr.split(state).length - 1,
          'state printed outside the authorize URL',
        ).toBe(1);
        expect(result.stderr.replace(authorizeUrl, '')).not.toContain(state);
        await page.close();
      } finally {
        login.kill();
      }
    });

    it('auth status --json shows the login, the legacy server and the granted scopes', async () => {
      const status = await runCli(['auth', 'status', '--json'], { env });
      expect(status.code, status.stderr).toBe(0);
      const report = JSON.parse(status.stdout);
      expect(report).toMatchObject({
        logged_in: true,
        client_id: CLIENT.clientId,
        auth_server: 'legacy',
        store: 'file',
        user: USER.email,
      });
      expect([...report.scopes].sort()).toEqual([...SCOPES].sort());
      expect(Date.parse(report.expires_at)).toBeGreaterThan(nowMs());
      expectNoSecrets(status, seen);
    });

    it('rejects a callback whose iss names another server than the one asked (RFC 9207 mix-up defence)', async () => {
      // Same server, reached as 127.0.0.1: it answers with iss=http://localhost:PORT, which is not the origin we asked.
      const otherOrigin = oidc.authorizeUrl.replace('//localhost:', '//127.0.0.1:');
      const run = startCli(['auth', 'login', '--no-browser', '--timeout', '30'], {
        env: { ...env, OURA_AUTHORIZE_URL: otherOrigin },
      });
      try {
        const [, authorizeUrl = ''] = await run.waitForStderr(/^Log in to Oura at:\n(\S+)$/m);
        expect(authorizeUrl.startsWith(`${otherOrigin}?`)).toBe(true);
        const page = await browser.newPage();
        await page.goto(authorizeUrl);
        await page.locator('input[name=login]').fill('ring-owner');
        await page.locator('input[name=password]').fill('any password');
        await page.locator('button[type=submit]').click();
        await page.locator('form input[name=prompt][value=consent]').waitFor({ state: 'attached' });
        await page.locator('button[type=submit]', { hasText: 'Continue' }).click();
        const outcome = await readResultPage(page);
        const result = await run.result;
        expect(new URL(outcome.url).searchParams.get('iss')).toBe(oidc.issuer);
        expect(outcome.ok).toBe(false);
        expect(outcome.detail).toMatch(/iss/);
        expect(result.code, result.stderr).toBe(1);
        expect(result.stderr).toMatch(/iss/);
        expect(result.stderr).not.toContain('Connected as');
        // Nothing was exchanged or stored: the earlier login is intact.
        expect(await storedTokens()).toEqual(firstTokens);
        seen.push(new URL(outcome.url).searchParams.get('code') ?? '');
        expectNoSecrets(result, seen);
        await page.close();
      } finally {
        run.kill();
      }
    });

    it('--no-pkce is refused by a server that requires PKCE, and the CLI says why', async () => {
      const run = startCli(['auth', 'login', '--no-browser', '--no-pkce', '--timeout', '30'], {
        env,
      });
      try {
        const [, authorizeUrl = ''] = await run.waitForStderr(/^Log in to Oura at:\n(\S+)$/m);
        expect(new URL(authorizeUrl).searchParams.has('code_challenge')).toBe(false);
        const page = await browser.newPage();
        // oidc-provider redirects straight back with error=invalid_request: no login page.
        await page.goto(authorizeUrl);
        const outcome = await readResultPage(page);
        const result = await run.result;
        expect(new URL(outcome.url).searchParams.get('error')).toBe('invalid_request');
        expect(outcome.ok).toBe(false);
        expect(result.code, result.stderr).toBe(1);
        expect(result.stderr).toMatch(/PKCE/);
        expect(await storedTokens()).toEqual(firstTokens);
        await page.close();
      } finally {
        run.kill();
      }
    });

    it('auth refresh rotates the refresh token at oidc-provider', async () => {
      const refresh = await runCli(['auth', 'refresh'], { env });
      expect(refresh.code, `${refresh.stderr}\noidc-provider: ${oidc.errors.join('\n')}`).toBe(0);
      expect(refresh.stderr).toMatch(/Refreshed/);
      const rotated = await storedTokens();
      expect(rotated.access_token).not.toBe(firstTokens.access_token);
      expect(rotated.refresh_token).toBeTruthy();
      expect(rotated.refresh_token).not.toBe(firstTokens.refresh_token);
      expect(await oidc.provider.AccessToken.find(rotated.access_token)).toBeDefined();
      // The old refresh token was spent by the rotation.
      const old = await oidc.provider.RefreshToken.find(firstTokens.refresh_token ?? '');
      expect(old?.consumed, 'the old refresh token was not consumed').toBeTruthy();
      seen.push(rotated.access_token, rotated.refresh_token ?? '');
      expectNoSecrets(refresh, seen);
    });

    it('auth token prints the current access token and nothing else', async () => {
      const token = await runCli(['auth', 'token'], { env });
      expect(token.code, token.stderr).toBe(0);
      const stored = await storedTokens();
      expect(token.stdout).toBe(`${stored.access_token}\n`);
      expect(await oidc.provider.AccessToken.find(stored.access_token)).toBeDefined();
      expectNoSecrets({ stdout: '', stderr: token.stderr }, seen);
    });

    // Last: replaying a spent refresh token makes oidc-provider revoke the whole grant.
    it('after the chain is revoked, refresh exits 4 and keeps the stored login visible', async () => {
      const replay = await fetch(oidc.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: firstTokens.refresh_token ?? '',
          client_id: CLIENT.clientId,
          client_secret: CLIENT.clientSecret,
        }),
      });
      expect(replay.status).toBe(400);
      expect(((await replay.json()) as { error?: string }).error).toBe('invalid_grant');

      const refresh = await runCli(['auth', 'refresh'], { env });
      expect(refresh.code, refresh.stderr).toBe(4);
      expect(refresh.stderr).toContain('oura auth login');
      expectNoSecrets(refresh, seen);

      const status = await runCli(['auth', 'status', '--json'], { env });
      expect(status.code).toBe(4);
      const report = JSON.parse(status.stdout);
      expect(report).toMatchObject({
        logged_in: false,
        client_id: CLIENT.clientId,
        user: USER.email,
      });
      expect([...report.scopes].sort()).toEqual([...SCOPES].sort());
      expect(report.problem).toContain('oura auth login');
      expectNoSecrets(status, seen);
    });
  },
);
