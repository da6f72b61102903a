/**
 * What `oura` says when the situation is not Oura's own: setup against the
 * emulator, login before setup, and an emulator restart (real processes).
 */
import { existsSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_CLIENT, type Emulator } from '../src/emulator/index.js';
import { cleanEnv, runCli, startCli, tempConfigDir } from './helpers/cli.js';
import {
  freePort,
  loginOverHttp,
  setUpProfile,
  startEmulatorWithProfile,
} from './helpers/login.js';

describe('oura setup against a replaced authorization server', () => {
  it('does not send the person to Oura’s portal; says the emulator’s client is registered already', async () => {
    const { emulator, profile } = await startEmulatorWithProfile();
    try {
      const setup = await runCli(
        [
          'setup',
          '--client-id',
          DEMO_CLIENT.clientId,
          '--client-secret-stdin',
          '--no-login',
          '--no-browser',
        ],
        { env: profile.env, input: `${DEMO_CLIENT.clientSecret}\n` },
      );
      expect(setup.code, setup.stderr).toBe(0);
      expect(setup.stderr).not.toContain('developer.ouraring.com');
      expect(setup.stderr).toContain(
        `The login goes to ${emulator.url} (OURA_AUTHORIZE_URL), not to Oura`,
      );
      expect(setup.stderr).toMatch(/`oura emulator`, its demo client is registered already/);
    } finally {
      await emulator.close();
    }
  });

  it('still shows the portal steps for Oura itself', async () => {
    const env = cleanEnv({ OURA_CONFIG_DIR: await tempConfigDir(), OURA_CREDENTIAL_STORE: 'file' });
    const setup = await runCli(
      ['setup', '--client-id', 'abc', '--client-secret-stdin', '--no-login', '--no-browser'],
      { env, input: 'xyz\n' },
    );
    expect(setup.code, setup.stderr).toBe(0);
    expect(setup.stderr).toContain('Open https://developer.ouraring.com/applications');
  });
});

describe('oura auth login before oura setup', () => {
  it('says to run `oura setup` (exit 4) without opening the keychain', async () => {
    const configDir = await tempConfigDir();
    for (const store of ['keyring', 'auto']) {
      const login = await runCli(['auth', 'login', '--no-browser'], {
        env: cleanEnv({
          OURA_CONFIG_DIR: configDir,
          OURA_CREDENTIAL_STORE: store,
          // A keychain that cannot answer: touching it would show in the output.
          DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(configDir, 'no-bus-here')}`,
        }),
      });
      expect(login.code, login.stderr).toBe(4);
      expect(login.stderr).toMatch(/No Oura application is set up for profile "default"/);
      expect(login.stderr).toContain('Run `oura setup` first');
      expect(login.stderr).not.toMatch(/DBus|keychain|keyring|Storing credentials/i);
      expect(existsSync(join(configDir, 'credentials'))).toBe(false);
    }
  });
});

describe('oura emulator --state FILE', () => {
  /** `oura emulator` as a process, with the env it prints parsed from its export lines. */
  async function startEmulatorCli(args: string[]) {
    const run = startCli(['emulator', ...args]);
    await run.waitForStderr(/Ctrl-C to stop/);
    const exports = await run.waitForStdout(/OURA_CLIENT_SECRET=.*\n/);
    const vars = Object.fromEntries(
      [...(exports.input ?? '').matchAll(/^export (\w+)=(\S+)$/gm)].map((m) => [m[1], m[2]]),
    ) as Record<string, string>;
    const stop = async () => {
      run.kill('SIGTERM');
      return run.result;
    };
    return { run, vars, stop };
  }

  it('a restart with the same state file keeps the login; without it the login is gone', async () => {
    const [port, callbackPort] = [await freePort(), await freePort()];
    const stateFile = join(await tempConfigDir(), 'emulator-state.json');
    const args = [
      '--port',
      String(port),
      '--redirect-uri',
      `http://localhost:${callbackPort}/callback`,
    ];

    const first = await startEmulatorCli([...args, '--state', stateFile]);
    const asEmulator = { env: () => first.vars } as unknown as Emulator;
    const profile = await setUpProfile(asEmulator, DEMO_CLIENT, callbackPort);
    const login = await loginOverHttp(profile);
    expect(login.code, login.stderr).toBe(0);
    expect((await runCli(['get', 'personal_info'], { env: profile.env })).code).toBe(0);
    await first.stop();
    expect(statSync(stateFile).mode & 0o777).toBe(0o600);

    const second = await startEmulatorCli([...args, '--state', stateFile]);
    try {
      const said = await second.run.waitForStderr(/Logins are kept in .*\((\d+) restored\)/);
      expect(Number(said[1])).toBeGreaterThanOrEqual(1);
      const info = await runCli(['get', 'personal_info'], { env: profile.env });
      expect(info.code, info.stderr).toBe(0);
      // The refresh token survived too, and its rotation is kept for the next restart.
      const refresh = await runCli(['auth', 'refresh'], { env: profile.env });
      expect(refresh.code, refresh.stderr).toBe(0);
    } finally {
      await second.stop();
    }

    const forgetful = await startEmulatorCli(args);
    try {
      await forgetful.run.waitForStderr(/Logins live in memory: stopping the emulator ends them/);
      const info = await runCli(['get', 'personal_info'], { env: profile.env });
      expect(info.code).toBe(4);
    } finally {
      await forgetful.stop();
    }
  });

  it('refuses a file that is not its state, naming it (exit 1)', async () => {
    const stateFile = join(await tempConfigDir(), 'notes.json');
    await writeFile(stateFile, '{"hello": "world"}');
    const result = await runCli(['emulator', '--port', '0', '--state', stateFile]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${stateFile} is not an emulator state file`);
  });
});
