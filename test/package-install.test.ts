/**
 * The packed tarball is what a user installs: it must install into a clean
 * prefix, put a working `oura` on that prefix's PATH, and hold nothing of the
 * build or the tests (issue 7).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDay } from '../src/api/days.js';
import { startEmulator } from '../src/emulator/index.js';
import { cleanEnv, REPO_ROOT } from './helpers/cli.js';

const run = promisify(execFile);
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

let work: string;
let prefix: string;
let files: string[];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'oura-pack-'));
  prefix = join(work, 'prefix');
  // `npm test` has built dist/ already; --ignore-scripts keeps `prepare` from
  // deleting and rebuilding it while other test files run the CLI from it.
  const packed = await run(
    NPM,
    ['pack', '--ignore-scripts', '--json', '--pack-destination', work],
    { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 },
  );
  const [entry] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  if (!entry) throw new Error(`npm pack printed no entry: ${packed.stdout}`);
  files = entry.files.map((f) => f.path);
  await run(
    NPM,
    [
      'install',
      '--global',
      '--prefix',
      prefix,
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      ...nodeHeaders(),
      join(work, entry.filename),
    ],
    { cwd: work, maxBuffer: 16 * 1024 * 1024 },
  );
  // better-sqlite3 compiles from source where its prebuilt binary cannot be
  // downloaded: about a minute alone, more beside the other test files.
}, 300_000);

/**
 * Where no npm config names Node's headers (the tests run with a throwaway
 * HOME), point node-gyp at the ones installed beside this Node, as a user's
 * machine with Node's headers would: it must not try to download them.
 */
function nodeHeaders(): string[] {
  if (process.env.npm_config_nodedir) return [];
  const installPrefix = dirname(dirname(process.execPath));
  return existsSync(join(installPrefix, 'include', 'node', 'node.h'))
    ? [`--nodedir=${installPrefix}`]
    : [];
}

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('npm pack + npm install -g', () => {
  it('ships what a user runs and nothing of the build or the tests', () => {
    expect(files).toContain('bin/oura.js');
    expect(files).toContain('dist/cli/main.js');
    expect(files).toContain('dist/index.d.ts');
    const unwanted = files.filter(
      (f) =>
        f.endsWith('.tsbuildinfo') || f.endsWith('.map') || /^(src|test|bench|scripts)\//.test(f),
    );
    expect(unwanted).toEqual([]);
  });

  it('installs an `oura` that runs through its own shebang', async () => {
    const installed = join(prefix, 'lib', 'node_modules', 'oura-connect', 'bin', 'oura.js');
    const [firstLine] = (await readFile(installed, 'utf8')).split('\n');
    // `env -S` is missing from BusyBox and older npm Windows shims.
    expect(firstLine).toBe('#!/usr/bin/env node');
    // Executed directly (not `node bin`), as a shell would run it from PATH.
    const bin = join(prefix, 'bin', 'oura');
    const { stdout, stderr } = await run(bin, ['--help'], {
      env: cleanEnv({ PATH: `${prefix}/bin:${process.env.PATH}` }),
    });
    expect(stdout).toMatch(/^Usage: oura /);
    expect(stdout).toContain('auth');
    expect(stderr).toBe('');
  });

  it('the installed `oura` syncs a history and queries it (SQLite addon, writer thread)', async () => {
    const emulator = await startEmulator({ today: addDays(localDay(), -1), historyDays: 10 });
    try {
      const env = cleanEnv({
        OURA_ACCESS_TOKEN: emulator.mintTokens().access_token,
        OURA_API_URL: emulator.url,
        OURA_DATA_DIR: join(work, 'data'),
      });
      const bin = join(prefix, 'bin', 'oura');
      const synced = await run(bin, ['sync', '--json', '--types', 'daily_sleep,heartrate'], {
        env,
      });
      const summary = JSON.parse(synced.stdout) as { types: Record<string, { inserted: number }> };
      expect(summary.types.daily_sleep?.inserted).toBe(10);
      const { stdout } = await run(
        bin,
        ['sql', 'SELECT count(*) AS n FROM daily_sleep', '--format', 'json'],
        { env },
      );
      expect(JSON.parse(stdout)).toEqual([{ n: 10 }]);
    } finally {
      await emulator.close();
    }
  });
});
