import { spawnSync } from 'node:child_process';
import { chmod, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_CLIENT } from '../src/emulator/index.js';
import { writeFileAtomic } from '../src/files/atomic-file.js';
import { readProfile } from '../src/store/config.js';
import { FileSecretStore } from '../src/store/file-store.js';
import { expectNoSecrets, REPO_ROOT, runCli, tempConfigDir } from './helpers/cli.js';
import { startLoggedInProfile } from './helpers/login.js';

const mode = async (path: string) => (await stat(path)).mode & 0o777;

describe('file credential store', () => {
  it('keeps secrets in a 0600 file inside 0700 directories', async () => {
    const dir = join(await tempConfigDir(), 'nested', 'config');
    const store = new FileSecretStore(dir, 'default');
    await store.set('tokens', 'secret-value');
    expect(await store.get('tokens')).toBe('secret-value');
    expect(await mode(dir)).toBe(0o700);
    expect(await mode(join(dir, 'credentials'))).toBe(0o700);
    expect(await mode(store.path)).toBe(0o600);
  });

  it('replaces the file atomically and leaves no temp files behind', async () => {
    const dir = await tempConfigDir();
    const store = new FileSecretStore(dir, 'p1');
    await store.set('client-secret', 'one');
    await store.set('tokens', 'two');
    await store.set('tokens', 'three');
    expect(JSON.parse(await readFile(store.path, 'utf8'))).toEqual({
      'client-secret': 'one',
      tokens: 'three',
    });
    expect((await readdir(join(dir, 'credentials'))).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    await store.delete('tokens');
    expect(await store.get('tokens')).toBeUndefined();
    expect(await store.get('client-secret')).toBe('one');
  });

  it('tightens a config dir that was created too open', async () => {
    const dir = await tempConfigDir();
    await chmod(dir, 0o755);
    const lines: string[] = [];
    await new FileSecretStore(dir, 'default', { warn: (line) => lines.push(line) }).set(
      'tokens',
      'x',
    );
    expect(await mode(dir)).toBe(0o700);
    expect(lines).toEqual([expect.stringContaining(`${dir} was accessible to other users`)]);
  });

  it('keeps the previous credentials when the process dies between write and rename', async () => {
    const dir = await tempConfigDir();
    const path = join(dir, 'credentials', 'default.json');
    await new FileSecretStore(dir, 'default').set('tokens', 'old-pair');
    // A real process writes the new pair and is killed just before the rename.
    const script = `
      const { writeFileAtomic } = await import(${JSON.stringify(join(REPO_ROOT, 'dist/files/atomic-file.js'))});
      await writeFileAtomic(${JSON.stringify(path)}, JSON.stringify({ tokens: 'new-pair' }), {
        beforeRename: () => process.kill(process.pid, 'SIGKILL'),
      });`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script]);
    expect(child.signal).toBe('SIGKILL');
    const leftovers = (await readdir(join(dir, 'credentials'))).filter((n) => n.endsWith('.tmp'));
    expect(leftovers).toHaveLength(1);
    expect(await new FileSecretStore(dir, 'default').get('tokens')).toBe('old-pair');

    // The next write clears the dead process's temp file.
    await writeFileAtomic(path, JSON.stringify({ tokens: 'newer' }));
    expect((await readdir(join(dir, 'credentials'))).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(await new FileSecretStore(dir, 'default').get('tokens')).toBe('newer');
  });

  it('names the file when it is corrupt instead of losing it', async () => {
    const dir = await tempConfigDir();
    const store = new FileSecretStore(dir, 'default');
    await store.set('tokens', 'x');
    await writeFile(store.path, '{not json');
    await expect(store.get('tokens')).rejects.toThrow(store.path);
    expect(await readFile(store.path, 'utf8')).toBe('{not json');
  });
});

describe('permissions found too open are tightened at once, with a warning (as ssh warns)', () => {
  it('the store: the file and its directories, each named with its old and new mode', async () => {
    const dir = await tempConfigDir();
    await new FileSecretStore(dir, 'default').set('tokens', 'secret-value');
    const file = join(dir, 'credentials', 'default.json');
    await chmod(dir, 0o755);
    await chmod(join(dir, 'credentials'), 0o750);
    await chmod(file, 0o644);

    const lines: string[] = [];
    const store = new FileSecretStore(dir, 'default', { warn: (line) => lines.push(line) });
    expect(await store.get('tokens')).toBe('secret-value');
    expect(lines).toEqual([
      `warning: ${dir} was accessible to other users (mode 0755); changed it to 0700 (owner-only).`,
      `warning: ${join(dir, 'credentials')} was accessible to other users (mode 0750); changed it to 0700 (owner-only).`,
      `warning: ${file} was accessible to other users (mode 0644); changed it to 0600 (owner-only).`,
    ]);
    expect(await mode(dir)).toBe(0o700);
    expect(await mode(join(dir, 'credentials'))).toBe(0o700);
    expect(await mode(file)).toBe(0o600);

    // Modes that are right: nothing to say.
    expect(await store.get('tokens')).toBe('secret-value');
    expect(lines).toHaveLength(3);
  });

  it('the config: the file and the config dir', async () => {
    const dir = await tempConfigDir();
    await writeFile(join(dir, 'config.json'), '{"version":1,"profiles":{"default":{}}}\n');
    await chmod(join(dir, 'config.json'), 0o664);
    await chmod(dir, 0o711);
    const lines: string[] = [];
    expect(await readProfile(dir, 'default', { warn: (line) => lines.push(line) })).toEqual({});
    expect(lines).toEqual([
      `warning: ${dir} was accessible to other users (mode 0711); changed it to 0700 (owner-only).`,
      `warning: ${join(dir, 'config.json')} was accessible to other users (mode 0664); changed it to 0600 (owner-only).`,
    ]);
    expect(await mode(dir)).toBe(0o700);
    expect(await mode(join(dir, 'config.json'))).toBe(0o600);
  });

  it('a real CLI run with a world-readable credentials file: warned, fixed, and the command works', async () => {
    const { emulator, profile } = await startLoggedInProfile({ today: '2025-06-15' });
    try {
      const dir = profile.configDir;
      const credentials = join(dir, 'credentials', 'default.json');
      const stored = JSON.parse(await readFile(credentials, 'utf8')) as Record<string, string>;
      const secrets = [DEMO_CLIENT.clientSecret, ...Object.values(stored)];
      await chmod(dir, 0o755);
      await chmod(credentials, 0o644);

      const run = () => runCli(['get', 'personal_info', '--format', 'json'], { env: profile.env });
      const loose = await run();
      expectNoSecrets(loose, secrets);
      expect(loose.code, loose.stderr).toBe(0);
      expect(JSON.parse(loose.stdout)).toHaveProperty('id');
      expect(loose.stderr).toContain(
        `warning: ${dir} was accessible to other users (mode 0755); changed it to 0700 (owner-only).`,
      );
      expect(loose.stderr).toContain(
        `warning: ${credentials} was accessible to other users (mode 0644); changed it to 0600 (owner-only).`,
      );
      expect(loose.stderr.match(/^warning: /gm)).toHaveLength(2);
      expect(await mode(dir)).toBe(0o700);
      expect(await mode(credentials)).toBe(0o600);

      const tight = await run();
      expect(tight.code, tight.stderr).toBe(0);
      expect(tight.stderr).toBe('');
    } finally {
      await emulator.close();
    }
  });
});
