/**
 * src/files/atomic-file.ts on its own, the way config, credentials and the
 * emulator's state file use it: concurrent writers never mix and never leave
 * temp files; a symlink is replaced, not followed; modes; the wording of
 * failures (a folder in the way, a full disk on a real tmpfs, see
 * helpers/small-disk.ts) with the previous file kept.
 */

import { lstat, mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileAtomic, writeFileAtomicSync } from '../src/files/atomic-file.js';
import { FileWriteError } from '../src/files/write-error.js';
import { mountSmallDisk, type SmallDisk } from './helpers/small-disk.js';
import { tempDir } from './helpers/temp.js';

const tempFiles = async (dir: string) =>
  (await readdir(dir)).filter((name) => name.endsWith('.tmp'));

async function caught(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected it to throw');
}

it('concurrent writers each replace the whole file and leave no temp file', async () => {
  const dir = await tempDir();
  const path = join(dir, 'config.json');
  const contents = Array.from({ length: 20 }, (_, i) => `${String(i).repeat(10_000 + i)}\n`);
  await Promise.all(contents.map((content) => writeFileAtomic(path, content)));
  expect(contents).toContain(await readFile(path, 'utf8'));
  expect(await readdir(dir)).toEqual(['config.json']);
});

for (const [name, write] of [
  ['writeFileAtomic', writeFileAtomic],
  ['writeFileAtomicSync', writeFileAtomicSync],
] as const) {
  it(`${name} replaces a symlink at the target with an owner-only file; the link's target is untouched`, async () => {
    const dir = await tempDir();
    const victim = join(await tempDir(), 'victim');
    await writeFile(victim, 'keep me', { mode: 0o644 });
    const path = join(dir, 'state.json');
    await symlink(victim, path);
    await write(path, '{"new":true}');
    expect(await readFile(victim, 'utf8')).toBe('keep me');
    expect((await lstat(path)).isSymbolicLink()).toBe(false);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readFile(path, 'utf8')).toBe('{"new":true}');
  });

  it(`${name}: a folder at the target is said in words, and no temp file stays`, async () => {
    const dir = await tempDir();
    const path = join(dir, 'report.html');
    await mkdir(path);
    const error = await caught(() => write(path, 'x', { what: 'the report' }));
    expect(error).toBeInstanceOf(FileWriteError);
    expect((error as Error).message).toBe(`cannot write the report to ${path}: it is a folder.`);
    expect(await tempFiles(dir)).toEqual([]);
  });
}

it('an existing file of wider mode becomes owner-only; `private: false` follows the umask', async () => {
  const dir = await tempDir();
  const path = join(dir, 'export.csv');
  await writeFile(path, 'old', { mode: 0o644 });
  await writeFileAtomic(path, 'new');
  expect((await stat(path)).mode & 0o777).toBe(0o600);
  const shared = join(dir, 'SKILL.md');
  await writeFileAtomic(shared, 'skill', { private: false });
  const umask = process.umask();
  expect((await stat(shared)).mode & 0o777).toBe(0o666 & ~umask);
});

describe('on a full disk', () => {
  let disk: SmallDisk | undefined;
  let path: string;
  beforeAll(async () => {
    disk = await mountSmallDisk('1m');
    if (!disk) return;
    path = join(disk.dir, 'credentials.json');
    await writeFileAtomic(path, '{"tokens":"old"}');
    disk.fill();
  });
  afterAll(() => {
    disk?.unmount();
  });

  for (const [name, write] of [
    ['writeFileAtomic', writeFileAtomic],
    ['writeFileAtomicSync', writeFileAtomicSync],
  ] as const) {
    it(`${name} throws DISK_FULL naming the file and keeps the previous one`, async (context) => {
      if (!disk) return context.skip();
      const error = await caught(() =>
        write(path, JSON.stringify({ tokens: 'x'.repeat(10_000) }), { what: 'the credentials' }),
      );
      expect(error).toBeInstanceOf(FileWriteError);
      expect(error).toMatchObject({ code: 'DISK_FULL', reason: 'ENOSPC', exitCode: 1, path });
      expect((error as Error).message).toBe(
        `the disk is full writing the credentials to ${path}: free some space and run again.`,
      );
      expect(await readFile(path, 'utf8')).toBe('{"tokens":"old"}');
      expect(await tempFiles(disk.dir)).toEqual([]);
    });
  }
});
