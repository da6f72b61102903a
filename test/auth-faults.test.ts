import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitConsent } from '../src/emulator/consent-client.js';
import type { Emulator } from '../src/emulator/index.js';
import { expectNoSecrets, runCli, startCli } from './helpers/cli.js';
import {
  freePort,
  loginOverHttp,
  startLoggedInProfile,
  type TestProfile,
} from './helpers/login.js';
import { startRecordingServer } from './helpers/recording-server.js';

function hasIpv6Loopback(): boolean {
  return Object.values(networkInterfaces()).some((addresses) =>
    addresses?.some((a) => a.family === 'IPv6' && a.address === '::1'),
  );
}

async function credentialsFile(profile: TestProfile): Promise<string> {
  return readFile(join(profile.configDir, 'credentials', 'default.json'), 'utf8');
}

/**
 * One logged-in profile for the file; each test that checks "nothing lost"
 * snapshots the stored login itself first, so no test relies on what an
 * earlier one left in a shared variable.
 */
describe('login faults: clear message, documented exit code, nothing stored lost', () => {
  let emulator: Emulator;
  let profile: TestProfile;

  beforeAll(async () => {
    ({ emulator, profile } = await startLoggedInProfile());
  });
  afterAll(async () => emulator?.close());

  it('turns away a forged or missing state and other paths, then completes the real callback', async () => {
    const run = startCli(['auth', 'login', '--no-browser'], { env: profile.env });
    const [, authorizeUrl = ''] = await run.waitForStderr(/^(http\S+oauth\S+)$/m);
    const base = profile.redirectUri;
    const forged = await fetch(`${base}?code=stolen&state=forged-state-value`);
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('does not belong to the login in progress');
    expect((await fetch(`${base}?code=stolen`)).status).toBe(400);
    expect((await fetch(`http://localhost:${profile.port}/elsewhere`)).status).toBe(404);
    // The listener also holds ::1 where the system has IPv6 (browsers may resolve localhost there).
    if (hasIpv6Loopback()) {
      expect((await fetch(`http://[::1]:${profile.port}/elsewhere`)).status).toBe(404);
    }
    const callback = await submitConsent(authorizeUrl, 'allow');
    const page = await fetch(callback);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Connected to Oura');
    const result = await run.result;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('Connected as');
  });

  it('a callback with the right state but no code fails with exit 1 and keeps the old login', async () => {
    const previous = await credentialsFile(profile);
    const run = startCli(['auth', 'login', '--no-browser'], { env: profile.env });
    const [, authorizeUrl = ''] = await run.waitForStderr(/^(http\S+oauth\S+)$/m);
    const state = new URL(authorizeUrl).searchParams.get('state') ?? '';
    const page = await fetch(`${profile.redirectUri}?state=${encodeURIComponent(state)}`);
    expect(page.status).toBeGreaterThanOrEqual(400);
    const result = await run.result;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no authorization code');
    expect(await credentialsFile(profile)).toBe(previous);
  });

  it('denied consent exits 1 with the server description and keeps the old login', async () => {
    const previous = await credentialsFile(profile);
    const login = await loginOverHttp(profile, { decision: 'deny' });
    expect(login.code).toBe(1);
    expect(login.stderr).toMatch(/access_denied/);
    expect(await credentialsFile(profile)).toBe(previous);
  });

  it('a taken port fails at once, naming the port and both fixes', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(profile.port, '127.0.0.1', resolve));
    try {
      const started = Date.now();
      const result = await runCli(['auth', 'login', '--no-browser'], { env: profile.env });
      expect(result.code).toBe(1);
      // At once, not after the 300 s wait for a callback; a loaded machine takes
      // seconds just to start the process.
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(result.stderr).toContain(`Port ${profile.port}`);
      expect(result.stderr).toContain('--port');
      expect(result.stderr).not.toMatch(/^http/m); // no URL printed: the listener was not up
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('gives up after --timeout with a hint', async () => {
    const previous = await credentialsFile(profile);
    const result = await runCli(['auth', 'login', '--no-browser', '--timeout', '1'], {
      env: profile.env,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No login callback arrived within 1 s');
    expect(await credentialsFile(profile)).toBe(previous);
  });

  for (const fault of ['500', 'malformed-json'] as const) {
    it(`token endpoint ${fault}: exit 1, browser told, nothing lost`, async () => {
      const previous = await credentialsFile(profile);
      emulator.setFaults({ token: fault });
      try {
        const run = startCli(['auth', 'login', '--no-browser'], { env: profile.env });
        const [, authorizeUrl = ''] = await run.waitForStderr(/^(http\S+oauth\S+)$/m);
        const callback = await submitConsent(authorizeUrl, 'allow');
        const page = await fetch(callback);
        expect(page.status).toBe(500);
        expect(await page.text()).toContain('Login failed');
        const result = await run.result;
        expect(result.code).toBe(1);
        expect(result.stderr).toContain('oauth-token');
        expectNoSecrets(result, [new URL(callback).searchParams.get('code') ?? undefined]);
        expect(await credentialsFile(profile)).toBe(previous);
      } finally {
        emulator.setFaults({ token: null });
      }
    });
  }

  it('token endpoint unreachable: exit 1 naming it, nothing lost', async () => {
    const previous = await credentialsFile(profile);
    const dead = await freePort();
    const env = {
      ...profile.env,
      OURA_TOKEN_URL: `http://127.0.0.1:${dead}/oauth/v2/ext/oauth-token`,
    };
    const run = startCli(['auth', 'login', '--no-browser'], { env });
    const [, authorizeUrl = ''] = await run.waitForStderr(/^(http\S+oauth\S+)$/m);
    await fetch(await submitConsent(authorizeUrl, 'allow'));
    const result = await run.result;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`127.0.0.1:${dead}`);
    expect(await credentialsFile(profile)).toBe(previous);
  });

  it('a refresh answer that cannot be read is not retried (the token may be spent already)', async () => {
    const previous = await credentialsFile(profile);
    // Counted at the token endpoint, not by the clock: a loaded machine can take
    // seconds to start the process, which a time bound would mistake for retries.
    const tokenEndpoint = await startRecordingServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end('{"access_token": "tru');
    });
    try {
      const result = await runCli(['auth', 'refresh'], {
        env: { ...profile.env, OURA_TOKEN_URL: `${tokenEndpoint.url}/oauth/v2/ext/oauth-token` },
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('unusable answer');
      expect(tokenEndpoint.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
        'POST /oauth/v2/ext/oauth-token',
      ]);
      expect(await credentialsFile(profile)).toBe(previous);
    } finally {
      await tokenEndpoint.close();
    }
  });

  it('refresh through a failing token endpoint retries, then exits 1 and keeps the tokens', async () => {
    const previous = await credentialsFile(profile);
    const tokenEndpoint = await startRecordingServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"error": "server_error", "error_description": "Injected fault."}');
    });
    try {
      const started = Date.now();
      const result = await runCli(['auth', 'refresh'], {
        env: { ...profile.env, OURA_TOKEN_URL: `${tokenEndpoint.url}/oauth/v2/ext/oauth-token` },
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('HTTP 500');
      // Two retries after 0.5 s and 2 s (with jitter) before giving up.
      expect(tokenEndpoint.requests).toHaveLength(3);
      expect(Date.now() - started).toBeGreaterThan(1_800);
      expect(await credentialsFile(profile)).toBe(previous);
    } finally {
      await tokenEndpoint.close();
    }
  });
});
