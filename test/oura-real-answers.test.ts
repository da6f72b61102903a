import { readFile } from 'node:fs/promises';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nowMs } from '../src/clock.js';
import { submitConsent } from '../src/emulator/consent-client.js';
import { DEMO_CLIENT, type Emulator, startEmulator } from '../src/emulator/index.js';
import { expectNoSecrets, runCli, startCli } from './helpers/cli.js';
import { freePort, loginOverHttp, setUpProfile, type TestProfile } from './helpers/login.js';

/**
 * Oura's real answers, as live integrations observed them (lower-case
 * `bearer`, `"id_token": null`, `extapi:` scopes from both token endpoints,
 * the moi issuer in `iss` on every callback). The emulator sends them by
 * default; these tests pin that down and drive the client through them.
 */
/**
 * The path of the issuer Oura's callbacks name (`iss=https://moi.ouraring.com/oauth/v2/ext/oauth-anonymous`,
 * docs/oura-api.md), written out here rather than read from the emulator, which builds
 * `iss` and `emulator.issuer` from the same constant: comparing those two could not fail.
 */
const MOI_ISSUER_PATH = '/oauth/v2/ext/oauth-anonymous';

describe("Oura's real token answers and callbacks", () => {
  let emulator: Emulator;
  let port: number;
  const app = (scopes?: string[]) => ({
    ...DEMO_CLIENT,
    redirectUris: [`http://localhost:${port}/callback`],
    ...(scopes ? { scopes } : {}),
  });

  beforeAll(async () => {
    port = await freePort();
    emulator = await startEmulator({
      clients: [
        app(),
        {
          ...app(['daily', 'personal', 'email']),
          clientId: 'narrow-app',
          clientSecret: 'narrow-secret-value',
        },
      ],
    });
  });
  afterAll(async () => emulator?.close());

  async function profileFor(
    server: 'oura' | 'legacy',
    client: { clientId: string; clientSecret: string } = DEMO_CLIENT,
  ): Promise<TestProfile> {
    const endpoints = server === 'oura' ? emulator : emulator.legacy;
    return setUpProfile(
      emulator,
      client,
      port,
      {
        OURA_AUTHORIZE_URL: endpoints.authorizeUrl,
        OURA_TOKEN_URL: endpoints.tokenUrl,
        OURA_REVOKE_URL: endpoints.revokeUrl,
      },
      ['--auth-server', server],
    );
  }

  async function storedTokens(profile: TestProfile) {
    const file = JSON.parse(
      await readFile(join(profile.configDir, 'credentials', 'default.json'), 'utf8'),
    );
    return JSON.parse(file.tokens) as { access_token: string; refresh_token: string };
  }

  it('the emulator answers both servers in the shapes Oura sends', async () => {
    for (const [server, endpoints, lifetime, scope] of [
      ['moi', emulator, 86_400, 'extapi:daily extapi:personal'],
      ['legacy', emulator.legacy, 2_591_999, 'daily personal'],
    ] as const) {
      const authorize = new URL(endpoints.authorizeUrl);
      authorize.search = new URLSearchParams({
        response_type: 'code',
        client_id: DEMO_CLIENT.clientId,
        redirect_uri: `http://localhost:${port}/callback`,
        scope,
        state: 'some-state',
      }).toString();
      const callback = new URL(await submitConsent(authorize.toString(), 'allow'));
      expect([...callback.searchParams.keys()], server).toEqual(['iss', 'code', 'state']);
      expect(callback.searchParams.get('iss')).toBe(`${emulator.url}${MOI_ISSUER_PATH}`);
      const response = await fetch(endpoints.tokenUrl, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: callback.searchParams.get('code') ?? '',
          redirect_uri: `http://localhost:${port}/callback`,
          client_id: DEMO_CLIENT.clientId,
          client_secret: DEMO_CLIENT.clientSecret,
        }),
      });
      const body = (await response.json()) as Record<string, unknown>;
      expect(Object.keys(body)).toEqual([
        'token_type',
        'access_token',
        'expires_in',
        'refresh_token',
        'scope',
        'id_token',
      ]);
      expect(body).toMatchObject({
        token_type: 'bearer',
        expires_in: lifetime,
        scope: 'extapi:daily extapi:personal',
        id_token: null,
      });
    }
    const denied = new URL(
      await submitConsent(
        `${emulator.authorizeUrl}?response_type=code&client_id=${DEMO_CLIENT.clientId}&state=s&scope=extapi:daily`,
        'deny',
      ),
    );
    expect(denied.searchParams.get('iss')).toBe(`${emulator.url}${MOI_ISSUER_PATH}`);
  });

  for (const server of ['oura', 'legacy'] as const) {
    it(`logs in with --auth-server ${server} and reads granted extapi: scopes in our spelling`, async () => {
      const profile = await profileFor(server);
      const login = await loginOverHttp(profile);
      expect(login.code, login.stderr).toBe(0);
      expect(login.stderr).toContain(`Connected as ${emulator.user.email}`);
      expect(login.stderr).not.toContain('Not granted');
      const status = JSON.parse(
        (await runCli(['auth', 'status', '--json'], { env: profile.env })).stdout,
      );
      expect(status.auth_server).toBe(server);
      expect(status.scopes).toEqual(expect.arrayContaining(['daily', 'spo2', 'heart_health']));
      expect(status.scopes.join(' ')).not.toContain('extapi:');
      const days = (Date.parse(status.expires_at) - nowMs()) / 86_400_000;
      expect(days).toBeCloseTo(server === 'legacy' ? 30 : 1, 0);
      const refresh = await runCli(['auth', 'refresh'], { env: profile.env });
      expect(refresh.code, refresh.stderr).toBe(0);
    });
  }

  it('a refresh answer without an access token keeps the rotated refresh token for the next process', async () => {
    const profile = await profileFor('oura');
    expect((await loginOverHttp(profile)).code).toBe(0);
    const before = await storedTokens(profile);
    emulator.setFaults({ token: 'rotate-without-access-token' });
    let odd: Awaited<ReturnType<typeof runCli>>;
    try {
      odd = await runCli(['auth', 'refresh'], { env: profile.env });
    } finally {
      emulator.setFaults({ token: null });
    }
    expect(odd.code).toBe(1);
    expect(odd.stderr).toMatch(/no access token/i);
    expect(odd.stderr).toMatch(/saved/i);
    const kept = await storedTokens(profile);
    expect(kept.refresh_token).not.toBe(before.refresh_token);
    expectNoSecrets(odd, [before.refresh_token, kept.refresh_token, before.access_token]);

    // A second process carries on from the saved refresh token.
    const next = await runCli(['auth', 'refresh'], { env: profile.env });
    expect(next.code, next.stderr).toBe(0);
    const token = (await runCli(['auth', 'token'], { env: profile.env })).stdout.trim();
    const api = await fetch(`${emulator.url}/v2/usercollection/personal_info`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(api.status).toBe(200);
  });

  it('invalid_scope on the callback names the scopes asked and how to narrow them', async () => {
    const profile = await profileFor('oura', {
      clientId: 'narrow-app',
      clientSecret: 'narrow-secret-value',
    });
    const login = await loginOverHttp(profile);
    expect(login.code).toBe(1);
    expect(login.stderr).toContain('invalid_scope');
    expect(login.stderr).toContain('heartrate');
    expect(login.stderr).toContain('--scopes');
    const narrowed = await loginOverHttp(profile, { args: ['--scopes', 'daily,personal,email'] });
    expect(narrowed.code, narrowed.stderr).toBe(0);
  });

  it('accepts a callback without iss (pasted by hand)', async () => {
    const profile = await profileFor('legacy');
    const run = startCli(['auth', 'login', '--paste'], { env: profile.env });
    const [, authorizeUrl = ''] = await run.waitForStderr(/^(http\S+oauth\S+)$/m);
    const callback = new URL(await submitConsent(authorizeUrl, 'allow'));
    callback.searchParams.delete('iss');
    run.stdin.end(`${callback}\n`);
    const result = await run.result;
    expect(result.code, result.stderr).toBe(0);
  });

  it("logs in through the endpoints moi's discovery document names, and keeps using them", async () => {
    const profile = await setUpProfile(emulator, DEMO_CLIENT, port);
    for (const name of ['OURA_AUTHORIZE_URL', 'OURA_TOKEN_URL', 'OURA_REVOKE_URL']) {
      delete profile.env[name];
    }
    const login = await loginOverHttp(profile);
    expect(login.code, login.stderr).toBe(0);
    expect(login.authorizeUrl.startsWith(`${emulator.authorizeUrl}?`)).toBe(true);
    const config = JSON.parse(await readFile(join(profile.configDir, 'config.json'), 'utf8'));
    expect(config.profiles.default).toMatchObject({
      tokenUrl: emulator.tokenUrl,
      revokeUrl: emulator.revokeUrl,
    });
    const grants = emulator.stats.refreshGrants;
    expect((await runCli(['auth', 'refresh'], { env: profile.env })).code).toBe(0);
    expect(emulator.stats.refreshGrants).toBe(grants + 1);
    const revocations = emulator.stats.revocations;
    expect((await runCli(['auth', 'logout'], { env: profile.env })).code).toBe(0);
    expect(emulator.stats.revocations).toBeGreaterThan(revocations);
  });

  it('falls back to the built-in endpoints when discovery does not answer within 2 s', async () => {
    // Accepts connections and never answers, like a server that hangs.
    const sockets: Socket[] = [];
    let asked: number | undefined;
    const silent = createServer((socket) => {
      asked ??= Date.now();
      sockets.push(socket);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port: silentPort } = silent.address() as AddressInfo;
      const profile = await setUpProfile(emulator, DEMO_CLIENT, port);
      for (const name of ['OURA_AUTHORIZE_URL', 'OURA_TOKEN_URL', 'OURA_REVOKE_URL']) {
        delete profile.env[name];
      }
      profile.env.OURA_ISSUER = `http://127.0.0.1:${silentPort}/oauth/v2/ext/oauth-anonymous`;
      const run = startCli(['auth', 'login', '--no-browser'], {
        env: profile.env,
        mode: 'process',
      });
      const [, authorizeUrl = ''] = await run.waitForStderr(/^(http\S+oauth\S+)$/m);
      // Timed from the discovery request, not from the process start (which a
      // loaded machine can stretch by seconds): the 2 s limit, not a hang.
      expect(asked, 'discovery was never asked').toBeDefined();
      expect(Date.now() - (asked ?? 0)).toBeLessThan(5_000);
      expect(
        authorizeUrl.startsWith('https://moi.ouraring.com/oauth/v2/ext/oauth-authorize?'),
      ).toBe(true);
      run.kill();
      await run.result;
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  it('believes no error a callback reports before its issuer is checked', async () => {
    const profile = await profileFor('oura');
    const run = startCli(['auth', 'login', '--paste'], { env: profile.env });
    const [, authorizeUrl = ''] = await run.waitForStderr(/^(http\S+oauth\S+)$/m);
    const state = new URL(authorizeUrl).searchParams.get('state') ?? '';
    const forged = new URL(profile.redirectUri);
    forged.search = new URLSearchParams({
      iss: 'https://attacker.example',
      error: 'invalid_scope',
      state,
    }).toString();
    run.stdin.end(`${forged}\n`);
    const result = await run.result;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('"iss"');
    expect(result.stderr).not.toContain('--scopes');
  });

  it('refuses a callback naming another issuer, before the code is spent', async () => {
    const profile = await profileFor('oura');
    const run = startCli(['auth', 'login', '--paste'], { env: profile.env });
    const [, authorizeUrl = ''] = await run.waitForStderr(/^(http\S+oauth\S+)$/m);
    const callback = new URL(await submitConsent(authorizeUrl, 'allow'));
    callback.searchParams.set('iss', 'https://attacker.example');
    const grants = emulator.stats.authorizationCodeGrants;
    run.stdin.end(`${callback}\n`);
    const result = await run.result;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('iss');
    expect(emulator.stats.authorizationCodeGrants).toBe(grants);
  });
});
