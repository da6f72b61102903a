import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDay } from '../src/calendar/days.js';
import { now as clockNow } from '../src/clock.js';
import { submitConsent } from '../src/emulator/consent-client.js';
import type { Emulator } from '../src/emulator/index.js';
import { login, verifyLoginStatus } from '../src/index.js';
import { openProfile } from '../src/profile/open-profile.js';
import type { ProfileOptions } from '../src/profile/profile-options.js';
import { startLoggedInProfile, type TestProfile } from './helpers/login.js';
import { tempDir } from './helpers/temp.js';

/** Counts requests instead of sending them: a profile that reads nothing sends nothing. */
function countingFetch() {
  const calls: string[] = [];
  const fetch = (async (input: string | URL | Request) => {
    calls.push(String(input));
    return new Response('{}', { status: 500 });
  }) as typeof globalThis.fetch;
  return { calls, fetch };
}

/**
 * Options whose config dir is a plain file: any attempt to read the stored
 * login fails loudly, so a profile that never reads it is seen to be lazy.
 */
async function unreadableOptions(env: NodeJS.ProcessEnv = {}): Promise<ProfileOptions> {
  const dir = await tempDir('oura-profile-');
  const configDir = join(dir, 'not-a-directory');
  await writeFile(configDir, 'a file where the config dir should be');
  const noticed: string[] = [];
  return {
    profile: 'default',
    configDir,
    env: { OURA_DATA_DIR: join(dir, 'data'), ...env },
    apiUrl: 'https://api.ouraring.com',
    notice: (line) => noticed.push(line),
    askPassphrase: async () => {
      throw new Error('a lazy profile asks for no passphrase');
    },
  };
}

describe('openProfile: lazy, and closed together', () => {
  it('opening reads, creates and sends nothing', async () => {
    const { calls, fetch } = countingFetch();
    const options = await unreadableOptions();
    const profile = openProfile({ ...options, fetch });
    expect(profile.historyPath).toBe(join(options.env.OURA_DATA_DIR ?? '', 'default.sqlite'));
    expect(existsSync(profile.historyPath)).toBe(false);
    expect(profile.secrets()).toEqual([]);
    // Building the client reads nothing either: the token is asked for by the first request.
    await profile.client();
    expect(calls).toEqual([]);
    // Only now is the stored login read, and the broken config dir found.
    await expect(profile.account()).rejects.toThrow();
    await profile.close();
  });

  it('builds the shared client once, also when asked twice at once', async () => {
    const profile = openProfile(await unreadableOptions());
    const [first, second] = await Promise.all([profile.client(), profile.client()]);
    expect(first).toBe(second);
    expect(await profile.client()).toBe(first);
    // A client with options of its own is its own client.
    expect(await profile.client({ timeoutMs: 1000 })).not.toBe(first);
    await profile.close();
  });

  it('after close() hands out no token and sends nothing; a second close is harmless', async () => {
    const { calls, fetch } = countingFetch();
    const options = await unreadableOptions({ OURA_ACCESS_TOKEN: 'env-token-value' });
    const profile = openProfile({ ...options, fetch });
    const client = await profile.client({ retry: { attempts: 1 } });
    expect(await profile.token()).toBe('env-token-value');
    await profile.close();
    await expect(profile.token()).rejects.toThrow(/closed/);
    await expect(client.personalInfo()).rejects.toThrow(/closed/);
    expect(calls).toEqual([]);
    await expect(profile.close()).resolves.toBeUndefined();
  });

  it('closes at the end of an `await using` block', async () => {
    const options = await unreadableOptions({ OURA_ACCESS_TOKEN: 'env-token-value' });
    let kept: ReturnType<typeof openProfile> | undefined;
    {
      await using profile = openProfile(options);
      kept = profile;
      expect(await profile.token()).toBe('env-token-value');
    }
    await expect(kept.token()).rejects.toThrow(/closed/);
  });

  it('uses OURA_ACCESS_TOKEN as is without opening the stored login', async () => {
    const profile = openProfile(await unreadableOptions({ OURA_ACCESS_TOKEN: 'env-token-value' }));
    expect(await profile.token()).toBe('env-token-value');
    // A 401 for it cannot be mended by a refresh: the variable is wrong.
    await expect(profile.token({ rejectedToken: 'env-token-value' })).rejects.toThrow(
      /OURA_ACCESS_TOKEN/,
    );
    await profile.close();
  });

  it('lists as secrets the tokens handed out and the secrets in the environment', async () => {
    const profile = openProfile(
      await unreadableOptions({
        OURA_ACCESS_TOKEN: 'env-token-value',
        OURA_CLIENT_SECRET: 'env-client-secret',
        OURA_CLIENT_ID: 'not-a-secret',
      }),
    );
    expect(profile.secrets().sort()).toEqual(['env-client-secret', 'env-token-value']);
    await profile.token();
    expect(new Set(profile.secrets())).toEqual(new Set(['env-client-secret', 'env-token-value']));
    await profile.close();
  });
});

describe('openProfile over the emulator and a stored login', () => {
  let emulator: Emulator;
  let stored: TestProfile;

  beforeAll(async () => {
    ({ emulator, profile: stored } = await startLoggedInProfile());
  }, 60_000);
  afterAll(async () => {
    await emulator?.close();
  });

  /** The test's own clock, emulator address and temp config dir. */
  const options = (): ProfileOptions => {
    const pinned = clockNow();
    return {
      profile: 'default',
      configDir: stored.configDir,
      env: stored.env,
      apiUrl: emulator.url,
      now: () => new Date(pinned),
    };
  };

  it('hands out the stored login, remembered as a secret, and fetches data through client()', async () => {
    await using profile = openProfile(options());
    const token = await profile.token();
    expect(token).not.toBe('');
    expect(profile.secrets()).toContain(token);
    expect((await profile.account()).config?.clientId).toBeTruthy();
    expect((await profile.status()).logged_in).toBe(true);
    // The stored client secret, once read for the webhook subscriptions, and a token
    // given to a client of its own (a new login's connection test) are secrets too.
    await profile.subscriptions();
    const { clientSecret } = await (await profile.account()).client();
    expect(profile.secrets()).toContain(clientSecret);
    await profile.client({ token: 'token-of-a-login-just-made' });
    expect(profile.secrets()).toContain('token-of-a-login-just-made');

    const client = await profile.client();
    expect((await client.personalInfo()).id).toBeTruthy();
    const today = localDay(profile.now());
    const days: string[] = [];
    for await (const doc of client.list('daily_sleep', { start: addDays(today, -6), end: today })) {
      days.push(doc.day);
    }
    expect(days.length).toBeGreaterThan(0);
    expect(days.every((day) => day >= addDays(today, -6) && day <= today)).toBe(true);
  });

  it("gives the application's webhook subscriptions", async () => {
    await using profile = openProfile(options());
    expect(await (await profile.subscriptions()).list()).toEqual([]);
  });

  it("keeps the library's verifyLoginStatus and login usable without a profile", async () => {
    const ctx = { profile: 'default', configDir: stored.configDir, env: stored.env };
    const report = await verifyLoginStatus(ctx, { apiUrl: emulator.url });
    expect(report.verified, report.problem ?? undefined).toBe(true);

    const result = await login(ctx, {
      mode: 'print',
      apiUrl: emulator.url,
      showUrl: () => {},
      // Runs beside the login, which waits for the callback this produces.
      onListening: (authorizeUrl) => {
        void submitConsent(authorizeUrl, 'allow').then((callback) => fetch(callback));
      },
    });
    // The connection test read the user with the new token.
    expect(result.user?.id).toBeTruthy();
  });
});

describe('the composition root is the one place', () => {
  it('builds every OuraClient of src/ in profile/open-profile.ts', () => {
    const hits = execFileSync('grep', ['-rln', '--include=*.ts', 'new OuraClient({', 'src'], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n');
    // api/client.ts only shows it in its doc comment.
    expect(hits.sort()).toEqual(['src/api/client.ts', 'src/profile/open-profile.ts']);
  });
});
