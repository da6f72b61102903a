import { spawnSync } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../src/files/atomic-file.js';
import { FileSecretStore } from '../src/store/file-store.js';
import { REPO_ROOT, tempConfigDir } from './helpers/cli.js';

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
    const { chmod } = await import('node:fs/promises');
    await chmod(dir, 0o755);
    await new FileSecretStore(dir, 'default').set('tokens', 'x');
    expect(await mode(dir)).toBe(0o700);
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
