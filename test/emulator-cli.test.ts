import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addDays, localDay } from '../src/calendar/days.js';
import { submitConsent } from '../src/emulator/consent-client.js';
import { startEmulator } from '../src/emulator/index.js';
import { cleanEnv } from './helpers/cli.js';
import { getJson, type ListBody } from './helpers/emulator.js';
import { freePort, startLoggedInProfile } from './helpers/login.js';
import { trackChild } from './helpers/processes.js';
import { tempDir } from './helpers/temp.js';

/** `oura emulator` as a person runs it: the built CLI in a child process. */

const repoRoot = resolve(import.meta.dirname, '..');
const bin = resolve(repoRoot, 'bin/oura.js');

/** Starts `oura emulator`, killed when the test ends, and waits until it serves. */
function start(args: string[]): Promise<{
  child: ChildProcess;
  env: Record<string, string>;
  stdout: string;
  stderr: () => string;
}> {
  const child = trackChild(
    spawn(process.execPath, [bin, 'emulator', ...args], {
      cwd: repoRoot,
      stdio: 'pipe',
    }),
  );
  let out = '';
  let err = '';
  return new Promise((resolvePromise, reject) => {
    // Generous: a loaded machine can take seconds to start a Node process.
    const timer = setTimeout(
      () => reject(new Error(`not ready within 30 s; stderr: ${err}`)),
      30_000,
    );
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
    // Ready when all exports are out and the explanation (written after them) is complete.
    const check = () => {
      const lines = out.split('\n').filter((line) => line.startsWith('export '));
      if (lines.length < 7 || !err.includes('Ctrl-C')) return;
      clearTimeout(timer);
      const env = Object.fromEntries(
        lines.map((line) => {
          const [name, ...value] = line.slice('export '.length).split('=');
          return [name, value.join('=').replace(/^'|'$/g, '')];
        }),
      );
      resolvePromise({ child, env, stdout: out, stderr: () => err });
    };
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      check();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      check();
    });
  });
}

describe('oura emulator', () => {
  it('prints the exports, serves the API and the consent flow, and stops cleanly on SIGTERM', async () => {
    const { child, env, stderr } = await start([
      '--port',
      '0',
      '--redirect-uri',
      'http://localhost:4567/cb',
    ]);
    expect(Object.keys(env).sort()).toEqual([
      'OURA_API_URL',
      'OURA_AUTHORIZE_URL',
      'OURA_CLIENT_ID',
      'OURA_CLIENT_SECRET',
      'OURA_ISSUER',
      'OURA_PROFILE',
      'OURA_REVOKE_URL',
      'OURA_TOKEN_URL',
    ]);
    expect(env.OURA_PROFILE).toBe('emulator');
    expect(env.OURA_API_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(env.OURA_TOKEN_URL).toBe(`${env.OURA_API_URL}/oauth/v2/ext/oauth-token`);
    expect(stderr()).toContain('oura auth login');
    const sandbox = await getJson(
      `${env.OURA_API_URL}/v2/sandbox/usercollection/daily_sleep`,
      'any',
    );
    expect(sandbox.status).toBe(200);
    const authorize = new URL(env.OURA_AUTHORIZE_URL ?? '');
    authorize.search = new URLSearchParams({
      response_type: 'code',
      client_id: env.OURA_CLIENT_ID ?? '',
      redirect_uri: 'http://localhost:4567/cb',
      scope: 'extapi:daily',
    }).toString();
    const callback = new URL(await submitConsent(authorize.toString(), 'allow'));
    expect(callback.searchParams.get('code')).toBeTruthy();
    // 'close', not 'exit': only then has all of stderr been read.
    const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr()).toContain('stopped');
  });

  it("a login through the printed lines leaves the default profile's real login untouched", async () => {
    // The person's real login: the default profile, logged in at another server.
    const real = await startLoggedInProfile();
    try {
      const { configDir } = real.profile;
      const defaultLogin = async () => ({
        profile: JSON.parse(await readFile(join(configDir, 'config.json'), 'utf8')).profiles
          .default,
        // A digest: a failure's diff must not print the tokens.
        secrets: createHash('sha256')
          .update(await readFile(join(configDir, 'credentials', 'default.json')))
          .digest('hex'),
      });
      const before = await defaultLogin();
      expect(before.profile.tokenUrl).toBe(real.emulator.tokenUrl);

      const port = await freePort();
      const { stdout } = await start([
        '--port',
        '0',
        '--redirect-uri',
        `http://localhost:${port}/callback`,
      ]);
      const envFile = join(await tempDir('oura-emulator-env-'), 'emulator.env');
      await writeFile(envFile, stdout);
      // As the README says: `. ./emulator.env`, then `oura auth login --no-browser`.
      const login = (extra: string) =>
        startShell(
          `. "$ENV_FILE" && ${extra} exec "$NODE" "$OURA" auth login --no-browser --port ${port}`,
          cleanEnv({
            ENV_FILE: envFile,
            NODE: process.execPath,
            OURA: bin,
            OURA_CONFIG_DIR: configDir,
            OURA_CREDENTIAL_STORE: 'file',
          }),
        );

      const emulatorLogin = login('');
      const [, authorizeUrl = ''] = await emulatorLogin.waitForStderr(/^(http\S+oauth\S+)$/m);
      await fetch(await submitConsent(authorizeUrl, 'allow')).catch(() => undefined);
      const done = await emulatorLogin.exited;
      expect(done.code, done.stderr).toBe(0);
      expect(done.stderr).not.toContain('will replace it');

      expect(await defaultLogin()).toEqual(before);
      const profiles = JSON.parse(await readFile(join(configDir, 'config.json'), 'utf8')).profiles;
      expect(profiles.emulator.tokenUrl).not.toBe(real.emulator.tokenUrl);

      // Pointing the default profile at the emulator on purpose is said before anything is replaced.
      const replacing = login('OURA_PROFILE=default');
      const [notice = ''] = await replacing.waitForStderr(/^.*will replace it.*$/m);
      expect(notice).toContain(`holds a login from ${new URL(real.emulator.url).host}`);
      expect(notice).toContain('--profile');
      replacing.child.kill('SIGTERM');
      await replacing.exited;
      expect(await defaultLogin()).toEqual(before);
    } finally {
      await real.emulator.close();
    }
  });

  it('plants the --plant effects into the data of the --seed person', async () => {
    const { child, env } = await start([
      '--port',
      '0',
      '--seed',
      's7',
      '--plant',
      'tag=tag_generic_alcohol,every=1,average_hrv=-8',
    ]);
    const authorize = new URL(env.OURA_AUTHORIZE_URL ?? '');
    const redirectUri = 'http://localhost:3000/callback';
    authorize.search = new URLSearchParams({
      response_type: 'code',
      client_id: env.OURA_CLIENT_ID ?? '',
      redirect_uri: redirectUri,
      scope: 'personal tag',
    }).toString();
    const code = new URL(await submitConsent(authorize.toString(), 'allow')).searchParams.get(
      'code',
    );
    const tokenResponse = await fetch(env.OURA_TOKEN_URL ?? '', {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: code ?? '',
        redirect_uri: redirectUri,
        client_id: env.OURA_CLIENT_ID ?? '',
        client_secret: env.OURA_CLIENT_SECRET ?? '',
      }),
    });
    const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
    // Days well inside the history, whatever the hour.
    const [first, last] = [addDays(localDay(), -12), addDays(localDay(), -2)];
    const tags = await getJson(
      `${env.OURA_API_URL}/v2/usercollection/enhanced_tag?start_date=${first}&end_date=${last}`,
      token,
    );
    const days = (tags.body as ListBody).data
      .filter((doc) => doc.tag_type_code === 'tag_generic_alcohol')
      .map((doc) => doc.start_day);
    expect(new Set(days).size).toBe(11);
    const info = await getJson(`${env.OURA_API_URL}/v2/usercollection/personal_info`, token);
    const seeded = await startEmulator({ seed: 's7' });
    const plain = await startEmulator();
    try {
      expect((info.body as { id: string }).id).toBe(seeded.user.id);
      expect(seeded.user.id).not.toBe(plain.user.id);
    } finally {
      await seeded.close();
      await plain.close();
    }
    const exited = new Promise<number | null>((done) =>
      child.on('close', (exitCode: number | null) => done(exitCode)),
    );
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('--accounts N offers N people on the consent page, each signing in as themselves', async () => {
    const { child, env, stderr } = await start(['--port', '0', '--accounts', '3']);
    try {
      expect(stderr()).toContain(
        '3 accounts: demo.sleeper@example.com, sleeper1@example.com, sleeper2@example.com',
      );
      const authorize = new URL(env.OURA_AUTHORIZE_URL ?? '');
      authorize.search = new URLSearchParams({
        response_type: 'code',
        client_id: env.OURA_CLIENT_ID ?? '',
        redirect_uri: 'http://localhost:3000/callback',
        scope: 'extapi:personal extapi:email',
      }).toString();
      const page = await (await fetch(authorize)).text();
      expect(page.match(/type="radio" name="account"/g)).toHaveLength(3);
      const callback = new URL(await submitConsent(authorize.toString(), 'allow', { account: 2 }));
      const tokens = (await (
        await fetch(env.OURA_TOKEN_URL ?? '', {
          method: 'POST',
          body: new URLSearchParams({
            grant_type: 'authorization_code',
            code: callback.searchParams.get('code') ?? '',
            redirect_uri: 'http://localhost:3000/callback',
            client_id: env.OURA_CLIENT_ID ?? '',
            client_secret: env.OURA_CLIENT_SECRET ?? '',
          }),
        })
      ).json()) as { access_token: string };
      const me = await getJson(
        `${env.OURA_API_URL}/v2/usercollection/personal_info`,
        tokens.access_token,
      );
      expect(me.body).toMatchObject({ email: 'sleeper2@example.com' });
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('says what is wrong with a --plant spec', () => {
    const result = spawnSync(
      process.execPath,
      [bin, 'emulator', '--plant', 'tag=tag_generic_alcohol,average_hrv=-8'],
      { cwd: repoRoot, encoding: 'utf8', timeout: 30_000 },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      '--plant "tag=tag_generic_alcohol,average_hrv=-8": give every or probability (one of them).',
    );
  });

  it('rejects bad flag values with exit code 2', () => {
    for (const args of [
      ['--failure-rate', '1.5'],
      ['--port', 'abc'],
      ['--page-size', '0'],
      ['--redirect-uri', 'nope'],
      ['--hold-today', 'bogus'],
      ['--hold-today', 'sleep,heartrate'],
      ['--plant', 'fever'],
      ['--plant', 'tag=tag_generic_alcohol,every=0'],
      ['--plant', 'tag=tag_generic_alcohol,every=3,hrv=-8'],
      ['--plant', 'illness,start_days_ago=30,days=0'],
      ['--plant', 'illness,days=7,average_hrv=low'],
      ['--seed', ''],
      ['--accounts', '0'],
      ['--accounts', 'two'],
    ]) {
      // A bound: an emulator that started serving instead would block this worker for good.
      const result = spawnSync(process.execPath, [bin, 'emulator', ...args], {
        cwd: repoRoot,
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
    }
  });
});

/** `sh -c SCRIPT`, killed when the test ends, with its stderr watched. */
function startShell(script: string, env: NodeJS.ProcessEnv) {
  const child = trackChild(spawn('sh', ['-c', script], { env, stdio: ['ignore', 'pipe', 'pipe'] }));
  let stderr = '';
  child.stdout?.resume();
  const exited = new Promise<{ code: number | null; stderr: string }>((done) =>
    child.on('close', (code) => done({ code, stderr })),
  );
  const seen: (() => void)[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const check of seen.splice(0)) check();
  });
  const waitForStderr = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((found, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no stderr line matching ${pattern} within 30 s:\n${stderr}`)),
        30_000,
      );
      const check = () => {
        const match = stderr.match(pattern);
        if (match) {
          clearTimeout(timer);
          found(match);
        } else seen.push(check);
      };
      void exited.then(() => {
        if (!stderr.match(pattern)) {
          clearTimeout(timer);
          reject(new Error(`exited before stderr matched ${pattern}:\n${stderr}`));
        }
      });
      check();
    });
  return { child, exited, waitForStderr };
}
