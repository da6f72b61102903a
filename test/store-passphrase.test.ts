import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLIENT, type Emulator, startEmulator } from '../src/emulator/index.js';
import { FileSecretStore } from '../src/store/file-store.js';
import {
  type CliResult,
  cleanEnv,
  expectNoSecrets,
  OURA_BIN,
  runCli,
  tempConfigDir,
} from './helpers/cli.js';
import {
  freePort,
  loginOverHttp,
  setUpProfile,
  startLoggedInProfile,
  type TestProfile,
} from './helpers/login.js';
import { trackChild } from './helpers/processes.js';

/**
 * The opt-in passphrase of the file credential store (src/store/sealed-file.ts),
 * through real `oura` processes against the emulator. Each process derives the
 * key with scrypt (128 MiB, about half a second on an idle machine, several
 * seconds on a loaded one): the timeouts are generous for that.
 */
const PASSPHRASE = 'correct horse battery staple';
const SLOW = 180_000;

/** Everything secret a sealed file must not show: tokens carry the emulator's prefixes. */
const PLAINTEXT_SECRET = /emu_(at|rt)_|oura-demo-secret/;

const credentialsPath = (profile: TestProfile) =>
  join(profile.configDir, 'credentials', 'default.json');

function withPassphrase(profile: TestProfile, passphrase: string | undefined): NodeJS.ProcessEnv {
  return { ...profile.env, OURA_STORE_PASSPHRASE: passphrase };
}

/**
 * Runs `oura` on a real pseudo-terminal (util-linux `script`), types `typed`
 * and Enter once the passphrase is asked for, and returns what the terminal
 * showed (stdout and stderr together, as a person sees them).
 */
function runOnTerminal(
  args: string[],
  env: NodeJS.ProcessEnv,
  typed: string,
): Promise<{ code: number | null; output: string }> {
  // A pty of unknown width makes the prompt wrap after every character.
  const command = `stty cols 200 rows 50; exec ${[process.execPath, OURA_BIN, ...args].map(shellQuote).join(' ')}`;
  const child = trackChild(spawn('script', ['-qefc', command, '/dev/null'], { env }));
  let output = '';
  let typedYet = false;
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (!typedYet && output.includes('Passphrase for')) {
      typedYet = true;
      child.stdin.write(`${typed}\r`);
    }
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })));
}

const shellQuote = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;

function expectClean(result: CliResult, ...extra: string[]): void {
  expectNoSecrets(result, [PASSPHRASE, DEMO_CLIENT.clientSecret, ...extra]);
}

async function expectSealed(path: string): Promise<Record<string, unknown>> {
  const bytes = await readFile(path, 'utf8');
  expect(bytes).not.toMatch(PLAINTEXT_SECRET);
  expect(bytes).not.toContain(PASSPHRASE);
  const file = JSON.parse(bytes) as Record<string, unknown>;
  expect(file).toMatchObject({
    sealed: 'oura-connect sealed credentials',
    version: 1,
    cipher: 'aes-256-gcm',
    kdf: { name: 'scrypt', N: 2 ** 17, r: 8, p: 1 },
  });
  expect(Buffer.from((file.kdf as { salt: string }).salt, 'base64')).toHaveLength(16);
  expect(Buffer.from(file.nonce as string, 'base64')).toHaveLength(12);
  return file;
}

describe('a credential file sealed with OURA_STORE_PASSPHRASE', () => {
  let emulator: Emulator;
  let profile: TestProfile;
  let sealedEnv: NodeJS.ProcessEnv;

  beforeAll(async () => {
    const port = await freePort();
    emulator = await startEmulator({
      today: '2025-06-15',
      clients: [{ ...DEMO_CLIENT, redirectUris: [`http://localhost:${port}/callback`] }],
    });
    profile = await setUpProfile(emulator, DEMO_CLIENT, port, {
      OURA_STORE_PASSPHRASE: PASSPHRASE,
    });
    const login = await loginOverHttp(profile);
    expect(login.code, login.stderr).toBe(0);
    sealedEnv = profile.env;
  }, SLOW);

  afterAll(async () => {
    await emulator?.close();
  });

  it('holds neither the client secret nor a token in plaintext', async () => {
    await expectSealed(credentialsPath(profile));
  });

  it(
    'opens with the passphrase from the environment: status and get work',
    async () => {
      const status = await runCli(['auth', 'status', '--json'], { env: sealedEnv });
      expectClean(status);
      expect(status.code, status.stderr).toBe(0);
      expect(JSON.parse(status.stdout)).toMatchObject({ logged_in: true, store: 'file' });

      const get = await runCli(['get', 'personal_info', '--format', 'json'], { env: sealedEnv });
      expectClean(get);
      expect(get.code, get.stderr).toBe(0);
      expect(JSON.parse(get.stdout)).toHaveProperty('id');
    },
    SLOW,
  );

  it(
    'a wrong passphrase: exit 4 saying so, and the file is left exactly as it was',
    async () => {
      const path = credentialsPath(profile);
      const before = await readFile(path);
      const wrong = 'not the passphrase';
      const env = withPassphrase(profile, wrong);

      const get = await runCli(['get', 'personal_info', '--format', 'json'], { env });
      expectClean(get, wrong);
      expect(get.code).toBe(4);
      expect(get.stderr).toContain(`The passphrase did not open the credential file ${path}`);
      expect(get.stderr).toContain('Set OURA_STORE_PASSPHRASE');

      const refresh = await runCli(['auth', 'refresh'], { env });
      expectClean(refresh, wrong);
      expect(refresh.code).toBe(4);

      const status = await runCli(['auth', 'status', '--json'], { env });
      expectClean(status, wrong);
      expect(status.code).toBe(4);
      expect(JSON.parse(status.stdout).problem).toContain('The passphrase did not open');

      expect((await readFile(path)).equals(before)).toBe(true);
    },
    SLOW,
  );

  it(
    'no passphrase and no terminal: exit 4 saying to set OURA_STORE_PASSPHRASE',
    async () => {
      const path = credentialsPath(profile);
      const before = await readFile(path);
      const get = await runCli(['get', 'personal_info'], {
        env: withPassphrase(profile, undefined),
      });
      expectClean(get);
      expect(get.code).toBe(4);
      expect(get.stderr).toContain(`${path} is sealed with a passphrase`);
      expect(get.stderr).toContain('set OURA_STORE_PASSPHRASE');
      expect((await readFile(path)).equals(before)).toBe(true);
    },
    SLOW,
  );

  it(
    'on a terminal, with no OURA_STORE_PASSPHRASE, the passphrase is asked for (hidden)',
    async () => {
      const env = withPassphrase(profile, undefined);
      const args = ['auth', 'status', '--offline', '--json'];
      const right = await runOnTerminal(args, env, PASSPHRASE);
      expect(right.code, right.output).toBe(0);
      expect(right.output).toContain(`Passphrase for ${credentialsPath(profile)}`);
      expect(right.output).toContain('"logged_in": true');
      expect(right.output).not.toContain(PASSPHRASE);

      const wrong = await runOnTerminal(args, env, 'not the passphrase');
      expect(wrong.code, wrong.output).toBe(4);
      expect(wrong.output).toContain('The passphrase did not open');
      expect(wrong.output).not.toContain('not the passphrase');
    },
    SLOW,
  );

  it(
    'a refresh re-seals the rotated tokens, and the file still opens',
    async () => {
      const path = credentialsPath(profile);
      const before = await expectSealed(path);
      const oldToken = await runCli(['auth', 'token'], { env: sealedEnv });
      expect(oldToken.code, oldToken.stderr).toBe(0);

      const refresh = await runCli(['auth', 'refresh'], { env: sealedEnv });
      expectClean(refresh, oldToken.stdout.trim());
      expect(refresh.code, refresh.stderr).toBe(0);

      const after = await expectSealed(path);
      // Same key (salt kept), fresh nonce, new content.
      expect(after.kdf).toEqual(before.kdf);
      expect(after.nonce).not.toBe(before.nonce);
      expect(after.ciphertext).not.toBe(before.ciphertext);

      const newToken = await runCli(['auth', 'token'], { env: sealedEnv });
      expect(newToken.code, newToken.stderr).toBe(0);
      expect(newToken.stdout.trim()).not.toBe(oldToken.stdout.trim());
      const get = await runCli(['get', 'personal_info', '--format', 'json'], { env: sealedEnv });
      expect(get.code, get.stderr).toBe(0);
    },
    SLOW,
  );

  it(
    'a file whose KDF parameters were altered does not open, like a wrong passphrase',
    async () => {
      const path = credentialsPath(profile);
      const file = JSON.parse(await readFile(path, 'utf8')) as { kdf: { N: number } };
      const copyDir = await tempConfigDir();
      const copy = new FileSecretStore(copyDir, 'default', { passphrase: { given: PASSPHRASE } });
      // Halving N makes a different key; the header is authenticated, so the tag check fails.
      await mkdir(dirname(copy.path), { recursive: true, mode: 0o700 });
      await writeFile(
        copy.path,
        JSON.stringify({ ...file, kdf: { ...file.kdf, N: file.kdf.N / 2 } }),
        {
          mode: 0o600,
        },
      );
      await expect(copy.get('tokens')).rejects.toMatchObject({
        code: 'STORE_PASSPHRASE_WRONG',
        exitCode: 4,
      });
    },
    SLOW,
  );
});

describe('without a passphrase, the owner-only file is what it always was', () => {
  it(
    'an unsealed file keeps working and stays plain through a refresh',
    async () => {
      const { emulator, profile } = await startLoggedInProfile({ today: '2025-06-15' });
      try {
        const path = credentialsPath(profile);
        const stored = JSON.parse(await readFile(path, 'utf8')) as Record<string, string>;
        expect(Object.keys(stored).sort()).toEqual(['client-secret', 'tokens']);

        const refresh = await runCli(['auth', 'refresh'], { env: profile.env });
        expect(refresh.code, refresh.stderr).toBe(0);
        const after = JSON.parse(await readFile(path, 'utf8')) as Record<string, string>;
        expect(Object.keys(after).sort()).toEqual(['client-secret', 'tokens']);
        expect(after.tokens).not.toBe(stored.tokens);

        const get = await runCli(['get', 'personal_info', '--format', 'json'], {
          env: profile.env,
        });
        expect(get.code, get.stderr).toBe(0);
      } finally {
        await emulator.close();
      }
    },
    SLOW,
  );

  it(
    'an existing plain file is sealed by the next write made with the passphrase set',
    async () => {
      const { emulator, profile } = await startLoggedInProfile({ today: '2025-06-15' });
      try {
        const env = withPassphrase(profile, PASSPHRASE);
        const refresh = await runCli(['auth', 'refresh'], { env });
        expectClean(refresh);
        expect(refresh.code, refresh.stderr).toBe(0);
        expect(refresh.stderr).toContain(`Sealing ${credentialsPath(profile)}`);
        await expectSealed(credentialsPath(profile));

        const get = await runCli(['get', 'personal_info', '--format', 'json'], { env });
        expect(get.code, get.stderr).toBe(0);
      } finally {
        await emulator.close();
      }
    },
    SLOW,
  );
});

it(
  '`oura demo` ignores OURA_STORE_PASSPHRASE: its throwaway file of fake credentials is not sealed',
  async () => {
    const demo = await runCli(['demo', '--no-browser'], {
      env: cleanEnv({ OURA_STORE_PASSPHRASE: PASSPHRASE, XDG_CACHE_HOME: await tempConfigDir() }),
    });
    expectClean(demo);
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stderr).toContain('Connected as');
    expect(demo.stderr).not.toContain('Sealing');
  },
  SLOW,
);
