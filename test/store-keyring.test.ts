import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeyringSecretStore, probeKeyring } from '../src/store/keyring-store.js';
import { cleanEnv, expectNoSecrets, runCli, tempConfigDir } from './helpers/cli.js';
import { peerAvailable } from './helpers/requirements.js';

const probe = await probeKeyring();
const haveSecretService = peerAvailable(
  'a Secret Service',
  probe.ok,
  `${probe.ok ? '' : probe.reason}; install gnome-keyring and dbus, and run inside \`dbus-run-session\` with an unlocked keyring (see .ci/run)`,
);

/** Reads an entry back through libsecret's own tool, not through our library. */
function secretToolLookup(account: string): string | undefined {
  if (!existsSync('/usr/bin/secret-tool')) return undefined;
  try {
    return execFileSync('secret-tool', ['lookup', 'service', 'oura-connect', 'username', account], {
      encoding: 'utf8',
    });
  } catch {
    return '';
  }
}

describe.skipIf(!haveSecretService)('OS keychain store (real gnome-keyring Secret Service)', () => {
  it('writes, reads and deletes entries in the Secret Service', async () => {
    const profile = `t${process.pid}`;
    const store = await KeyringSecretStore.open(profile);
    await store.set('tokens', 'keyring-secret-1');
    expect(await store.get('tokens')).toBe('keyring-secret-1');
    const seenByLibsecret = secretToolLookup(`${profile}/tokens`);
    if (seenByLibsecret !== undefined) expect(seenByLibsecret).toBe('keyring-secret-1');
    await store.set('tokens', 'keyring-secret-2');
    expect(await store.get('tokens')).toBe('keyring-secret-2');
    await store.delete('tokens');
    expect(await store.get('tokens')).toBeUndefined();
  });

  it('`oura setup` keeps the secret in the keychain, never in a file', async () => {
    const configDir = await tempConfigDir();
    const env = cleanEnv({ OURA_CONFIG_DIR: configDir, OURA_PROFILE: `setup${process.pid}` });
    const secret = 'kc-client-secret-value';
    const setup = await runCli(
      ['setup', '--client-id', 'kc-client', '--client-secret-stdin', '--no-login', '--no-browser'],
      { env, input: `${secret}\n` },
    );
    expect(setup.code).toBe(0);
    expectNoSecrets(setup, [secret]);
    const config = await readFile(join(configDir, 'config.json'), 'utf8');
    expect(config).toContain('kc-client');
    expect(config).not.toContain(secret);
    expect(existsSync(join(configDir, 'credentials'))).toBe(false);
    const status = await runCli(['auth', 'status', '--json'], { env });
    expect(JSON.parse(status.stdout)).toMatchObject({
      store: 'keyring',
      client_id: 'kc-client',
      logged_in: false,
    });
    expect(status.code).toBe(4);
    await runCli(['auth', 'logout', '--all'], { env });
  });
});

describe('keychain fallback', () => {
  it('falls back to the owner-only file, saying which file and why, when no Secret Service answers', async () => {
    const configDir = await tempConfigDir();
    const env = cleanEnv({
      OURA_CONFIG_DIR: configDir,
      DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(configDir, 'no-bus-here')}`,
    });
    const started = Date.now();
    const setup = await runCli(
      ['setup', '--client-id', 'fb-client', '--client-secret-stdin', '--no-login', '--no-browser'],
      { env, input: 'fb-secret\n' },
    );
    expect(setup.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(setup.stderr).toContain(join(configDir, 'credentials', 'default.json'));
    expect(setup.stderr).toMatch(/keychain is not usable/);
    expectNoSecrets(setup, ['fb-secret']);
    const status = await runCli(['auth', 'status', '--json'], { env });
    expect(JSON.parse(status.stdout)).toMatchObject({ store: 'file', client_id: 'fb-client' });
  });

  it('OURA_CREDENTIAL_STORE=file forces the file store; a bad value is a usage error', async () => {
    const configDir = await tempConfigDir();
    const env = cleanEnv({ OURA_CONFIG_DIR: configDir, OURA_CREDENTIAL_STORE: 'file' });
    const setup = await runCli(
      ['setup', '--client-id', 'f', '--client-secret-stdin', '--no-login', '--no-browser'],
      {
        env,
        input: 's3cret\n',
      },
    );
    expect(setup.code).toBe(0);
    expect(existsSync(join(configDir, 'credentials', 'default.json'))).toBe(true);
    const bad = await runCli(['auth', 'status'], {
      env: { ...env, OURA_CREDENTIAL_STORE: 'vault' },
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('OURA_CREDENTIAL_STORE');
  });
});
