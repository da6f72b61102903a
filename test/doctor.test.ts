/**
 * `oura doctor` against the emulator: a healthy profile, then each
 * broken state it names, each reported by its own check with what to do.
 * Real processes; the emulator on port 0.
 */
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nowMs } from '../src/clock.js';
import { DEMO_CLIENT, type Emulator } from '../src/emulator/index.js';
import { type CliResult, expectNoSecrets, runCli } from './helpers/cli.js';
import {
  loginOverHttp,
  startEmulatorWithProfile,
  startLoggedInProfile,
  type TestProfile,
} from './helpers/login.js';
import { tempDir } from './helpers/temp.js';

interface Check {
  name: string;
  status: 'ok' | 'warn' | 'fail';
  message: string;
}

async function doctor(env: NodeJS.ProcessEnv): Promise<CliResult & { checks: Map<string, Check> }> {
  const result = await runCli(['doctor', '--json'], { env });
  const parsed = JSON.parse(result.stdout) as { ok: boolean; checks: Check[] };
  expect(parsed.ok).toBe(result.code === 0);
  return { ...result, checks: new Map(parsed.checks.map((check) => [check.name, check])) };
}

const credentialsFile = (profile: TestProfile) =>
  join(profile.configDir, 'credentials', 'default.json');

async function secretsOf(profile: TestProfile): Promise<string[]> {
  const tokens = JSON.parse(JSON.parse(await readFile(credentialsFile(profile), 'utf8')).tokens);
  return [tokens.access_token, tokens.refresh_token, DEMO_CLIENT.clientSecret];
}

/** A profile logged in at a small emulator, with its own history dir. */
async function loggedIn(): Promise<{ emulator: Emulator; profile: TestProfile }> {
  const started = await startLoggedInProfile({ historyDays: 3 });
  started.profile.env.OURA_DATA_DIR = await tempDir('oura-doctor-data-');
  return started;
}

describe('oura doctor on a healthy profile', () => {
  let emulator: Emulator;
  let profile: TestProfile;

  beforeAll(async () => {
    ({ emulator, profile } = await loggedIn());
    const sync = await runCli(['sync', '--json'], { env: profile.env });
    expect(sync.code, sync.stderr).toBe(0);
  });
  afterAll(async () => emulator?.close());

  it('passes every check (exit 0) and names the version, Node, profile, store, history, webhooks and Oura', async () => {
    const result = await doctor(profile.env);
    expect(result.code, result.stdout).toBe(0);
    const statuses = Object.fromEntries(
      [...result.checks].map(([name, check]) => [name, check.status]),
    );
    expect(statuses).toEqual({
      version: 'ok',
      node: 'ok',
      profile: 'ok',
      secrets: 'ok',
      login: 'ok',
      history: 'ok',
      webhooks: 'ok',
      api: 'ok',
      token_endpoint: 'ok',
    });
    expect(result.checks.get('node')?.message).toContain(process.version);
    expect(result.checks.get('secrets')?.message).toContain(
      `${credentialsFile(profile)} (mode 0600`,
    );
    expect(result.checks.get('login')?.message).toContain(emulator.user.email);
    expect(result.checks.get('history')?.message).toMatch(
      /default\.sqlite \(\d+ KB\), last changed/,
    );
    expect(result.checks.get('webhooks')?.message).toContain('no subscriptions');
    expectNoSecrets(result, await secretsOf(profile));

    const human = await runCli(['doctor'], { env: profile.env });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^ok {4}login\s+logged in as /m);
    expect(human.stdout).toContain('Every check passed.');
  });

  it('a history not changed for two days is reported stale, with `oura sync` (a warning: exit 0)', async () => {
    const path = join(profile.env.OURA_DATA_DIR ?? '', 'default.sqlite');
    const db = new Database(path);
    // The CLI's clock (OURA_NOW, when the run pins it), not the machine's.
    const old = new Date(nowMs() - 2 * 86_400_000).toISOString();
    db.prepare("UPDATE meta SET value = ? WHERE key = 'synced_at'").run(old);
    db.close();
    const result = await doctor(profile.env);
    expect(result.code).toBe(0);
    expect(result.checks.get('history')).toMatchObject({ status: 'warn' });
    expect(result.checks.get('history')?.message).toMatch(
      /last changed .*2 days ago: run `oura sync`/,
    );
    const human = await runCli(['doctor'], { env: profile.env });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^warn {2}history /m);
    // Not "Every check passed." beside a warning.
    expect(human.stdout).toMatch(/\nNo check failed; 1 warning above\.\n$/);
  });

  it('a credentials file others can read fails the secrets check, naming the file and the mode', async () => {
    await chmod(credentialsFile(profile), 0o644);
    const result = await doctor(profile.env);
    expect(result.code).toBe(1);
    const secrets = result.checks.get('secrets');
    expect(secrets?.status).toBe('fail');
    expect(secrets?.message).toContain(credentialsFile(profile));
    expect(secrets?.message).toContain('0644');
    expect(secrets?.message).toContain('oura auth login');
    // The store closed it while reading; the next run is clean again.
    expect((await doctor(profile.env)).checks.get('secrets')?.status).toBe('ok');
  });

  it('a refresh chain Oura revoked (invalid_grant) fails the login check, saying to log in', async () => {
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
    const result = await doctor(profile.env);
    expect(result.code).toBe(1);
    expect(result.checks.get('login')).toMatchObject({ status: 'fail' });
    expect(result.checks.get('login')?.message).toContain('oura auth login');
    expect(result.checks.get('api')?.status).toBe('ok');
  });
});

describe('oura doctor on broken setups', () => {
  it('not logged in: the login check fails with `oura auth login`; no history is only a warning', async () => {
    const { emulator, profile } = await startEmulatorWithProfile();
    try {
      profile.env.OURA_DATA_DIR = await tempDir('oura-doctor-data-');
      const result = await doctor(profile.env);
      expect(result.code).toBe(1);
      expect(result.checks.get('login')).toMatchObject({
        status: 'fail',
        message: 'Not logged in: run `oura auth login`.',
      });
      expect(result.checks.get('history')?.status).toBe('warn');
      expect(result.checks.get('history')?.message).toContain('run `oura sync`');
      expect(result.checks.get('api')?.status).toBe('ok');
      // The client is set up: the subscriptions are listed even without a login.
      expect(result.checks.get('webhooks')?.status).toBe('ok');
      expectNoSecrets(result, [DEMO_CLIENT.clientSecret]);
    } finally {
      await emulator.close();
    }
  });

  it('nothing set up: the profile check says to run `oura setup`, and no webhook check is made', async () => {
    const { emulator, profile } = await startEmulatorWithProfile();
    await emulator.close();
    const env = { ...profile.env, OURA_CONFIG_DIR: await tempDir('oura-doctor-empty-') };
    const result = await doctor(env);
    expect(result.code).toBe(1);
    expect(result.checks.get('profile')?.message).toContain('run `oura setup`');
    expect(result.checks.has('webhooks')).toBe(false);
  });

  it('a config file that is not JSON: one FAIL naming it and the fix, not a crash', async () => {
    const configDir = await tempDir('oura-doctor-corrupt-');
    await writeFile(join(configDir, 'config.json'), '{not json', { mode: 0o600 });
    const { emulator, profile } = await startEmulatorWithProfile();
    await emulator.close();
    const result = await doctor({ ...profile.env, OURA_CONFIG_DIR: configDir });
    expect(result.code).toBe(1);
    expect(result.checks.get('config')).toMatchObject({ status: 'fail' });
    expect(result.checks.get('config')?.message).toContain('config.json is not valid JSON');
  });

  it('webhook subscriptions: counted with the soonest expiry; expired ones are a warning naming `oura webhook renew --all`', async () => {
    const { emulator, profile } = await loggedIn();
    const callback = createServer((req, res) => {
      // Oura's verification: answer the challenge.
      const challenge = new URL(req.url ?? '/', 'http://x').searchParams.get('challenge');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ challenge }));
    });
    await new Promise<void>((resolve) => callback.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(callback.address() as AddressInfo).port}/cb`;
      const expirations: string[] = [];
      for (const dataType of ['daily_sleep', 'workout']) {
        const created = await fetch(`${emulator.url}/v2/webhook/subscription`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-client-id': DEMO_CLIENT.clientId,
            'x-client-secret': DEMO_CLIENT.clientSecret,
          },
          body: JSON.stringify({
            callback_url: url,
            verification_token: 'doctor-test',
            event_type: 'update',
            data_type: dataType,
          }),
        });
        expect(created.status).toBe(201);
        expirations.push(((await created.json()) as { expiration_time: string }).expiration_time);
      }
      const soonest = [...expirations].sort()[0] as string;

      const current = await doctor(profile.env);
      expect(current.checks.get('webhooks')).toMatchObject({
        status: 'ok',
        message: `2 subscriptions, soonest expiry ${soonest}`,
      });

      // A day after the last one expires, on the clock the CLI reads.
      const later = new Date(Date.parse([...expirations].sort()[1] as string) + 86_400_000);
      const expired = await doctor({ ...profile.env, OURA_NOW: later.toISOString() });
      expect(expired.checks.get('webhooks')).toMatchObject({
        status: 'warn',
        message: `2 subscriptions, soonest expiry ${soonest}; 2 expired: run \`oura webhook renew --all\`.`,
      });
      expectNoSecrets(expired, [DEMO_CLIENT.clientSecret, ...(await secretsOf(profile))]);
    } finally {
      callback.close();
      await emulator.close();
    }
  });

  it('Oura unreachable: the API and token endpoint fail within the deadline, the stored login is kept', async () => {
    const { emulator, profile } = await startEmulatorWithProfile();
    let secrets: string[];
    try {
      const login = await loginOverHttp(profile);
      expect(login.code, login.stderr).toBe(0);
      secrets = await secretsOf(profile);
    } finally {
      await emulator.close();
    }
    profile.env.OURA_DATA_DIR = await tempDir('oura-doctor-data-');
    const started = Date.now();
    const result = await doctor(profile.env);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(result.code).toBe(1);
    for (const name of ['api', 'token_endpoint']) {
      expect(result.checks.get(name)?.status).toBe('fail');
      expect(result.checks.get(name)?.message).toMatch(
        /did not answer \(.*ECONNREFUSED.*\): check the network/,
      );
    }
    expect(result.checks.get('login')?.status).toBe('warn');
    expect(result.checks.get('webhooks')?.status).toBe('warn');
    expectNoSecrets(result, secrets);
  });
});
