/**
 * better-sqlite3 whose native part does not load (built for another Node.js,
 * as after a Node upgrade, or not built): `oura` says so and how to rebuild
 * it, and never calls the history damaged, whose way out (`oura sync
 * --rebuild`) would delete a sound file. Real processes run the built CLI
 * from a copy of the package whose better-sqlite3 has a broken native file
 * (every other dependency linked, Node told to keep the links' paths); the
 * same copy with the real native file runs, so the copy itself is sound.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, cp, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { cleanEnv, findLeak, REPO_ROOT, runCli } from './helpers/cli.js';
import { trackChild } from './helpers/processes.js';
import { tempDir } from './helpers/temp.js';

const NATIVE = join('build', 'Release', 'better_sqlite3.node');

let emulator: Emulator;
let env: NodeJS.ProcessEnv;
let history: string;

/** A copy of the installed package whose better-sqlite3 native file is `native`'s bytes. */
async function packageCopy(native: Buffer | 'real'): Promise<string> {
  const root = await tempDir('oura-sqlite-module-');
  await symlink(join(REPO_ROOT, 'dist'), join(root, 'dist'));
  await copyFile(join(REPO_ROOT, 'package.json'), join(root, 'package.json'));
  await cp(join(REPO_ROOT, 'bin'), join(root, 'bin'), { recursive: true });
  const modules = join(root, 'node_modules');
  await mkdir(modules);
  for (const name of await readdir(join(REPO_ROOT, 'node_modules'))) {
    if (name === 'better-sqlite3' || name.startsWith('.')) continue;
    await symlink(join(REPO_ROOT, 'node_modules', name), join(modules, name));
  }
  const sqlite = join(modules, 'better-sqlite3');
  const installed = join(REPO_ROOT, 'node_modules', 'better-sqlite3');
  await mkdir(join(sqlite, 'build', 'Release'), { recursive: true });
  await copyFile(join(installed, 'package.json'), join(sqlite, 'package.json'));
  await cp(join(installed, 'lib'), join(sqlite, 'lib'), { recursive: true });
  if (native === 'real') await copyFile(join(installed, NATIVE), join(sqlite, NATIVE));
  else await writeFile(join(sqlite, NATIVE), native);
  return root;
}

/** `oura args` run from the package copy at `root`; it printed no secret. */
async function ouraFrom(root: string, args: string[]) {
  const child = trackChild(
    spawn(
      process.execPath,
      ['--preserve-symlinks', '--preserve-symlinks-main', join(root, 'bin', 'oura.js'), ...args],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    ),
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(findLeak(args, stdout, stderr)).toBeUndefined();
  return { code, stdout, stderr };
}

const digest = async (path: string) =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');

beforeAll(async () => {
  emulator = await startEmulator({ today: '2024-05-07', historyDays: 5 });
  const dataDir = await tempDir('oura-sqlite-module-data-');
  env = cleanEnv({
    OURA_ACCESS_TOKEN: emulator.mintTokens().access_token,
    OURA_API_URL: emulator.url,
    OURA_DATA_DIR: dataDir,
    OURA_CONFIG_DIR: dataDir,
  });
  history = join(dataDir, 'default.sqlite');
  const sync = await runCli(['sync', '--types', 'daily_sleep', '--since', '2024-05-01'], { env });
  expect(sync.code, sync.stderr).toBe(0);
}, 60_000);
afterAll(async () => {
  await emulator?.close();
});

it('a native file that does not load: exit 1 naming better-sqlite3 and `npm rebuild`; the history is untouched', async () => {
  const before = await digest(history);
  const root = await packageCopy(Buffer.from('not a shared object\n'));
  for (const args of [
    ['sql', 'SELECT count(*) FROM documents'],
    ['sync', '--rebuild'],
  ]) {
    const run = await ouraFrom(root, args);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/SQLite \(better-sqlite3\) does not load in Node\.js v\d+/);
    expect(run.stderr).toContain(`npm rebuild better-sqlite3\` in ${root}`);
    expect(run.stderr).not.toMatch(/cannot be read|sync --rebuild/);
    expect(await digest(history), `oura ${args[0]} changed the history`).toBe(before);
  }
  const doctor = await ouraFrom(root, ['doctor', '--json']);
  const checks = JSON.parse(doctor.stdout) as { checks: { name: string; message: string }[] };
  const check = checks.checks.find((entry) => entry.name === 'history');
  expect(check?.message).toContain('npm rebuild better-sqlite3');
  expect(check?.message).not.toMatch(/sync --rebuild/);
}, 60_000);

it('the same copy with the real native file reads the history', async () => {
  const run = await ouraFrom(await packageCopy('real'), [
    'sql',
    'SELECT count(*) AS n FROM documents',
    '--format',
    'json',
  ]);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toMatch(/"n":\s*[1-9]/);
}, 60_000);
