/**
 * What a user installs before an npm release: the `release` branch that
 * `npm run release:git` makes (the exact `npm pack` contents, built, with
 * nothing left to build), installed from git as the README says, with a
 * `git+file://` clone standing in for GitHub. It must install into a clean
 * prefix, put a working `oura` on that prefix's PATH, and hold nothing of the
 * build or the tests (issues 7 and 16). A plain git install of a source commit
 * fails at `prepare` (`tsc: not found`: npm installs no devDependencies for a
 * global git install), so the branch is the only git install there is.
 *
 * One install serves every check (better-sqlite3's addon comes from a local
 * prebuild, see localPrebuilds). The release is made from a clone of this
 * checkout's HEAD commit: uncommitted changes are not in it.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, realpath, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDay } from '../src/calendar/days.js';
import { startEmulator } from '../src/emulator/index.js';
import { cleanEnv, REPO_ROOT } from './helpers/cli.js';
import { trackChild } from './helpers/processes.js';

/**
 * Runs a command to its end; the process and its children (npm's node-gyp,
 * compilers) are killed when the file's tests end: an install cut short by the hook's time
 * limit must not go on writing into the run's temp dir after it is removed.
 */
function run(
  file: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = trackChild(
      spawn(file, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'], detached: true }),
      { group: true },
    );
    const out = { stdout: '', stderr: '' };
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out.stdout += chunk;
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      out.stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve(out);
      else
        reject(
          Object.assign(
            new Error(
              `${file} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${out.stderr}`,
            ),
            out,
          ),
        );
    });
  });
}

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
/** The release script commits and tags; the run's throwaway HOME has no git identity. */
const GIT_IDENTITY = {
  GIT_AUTHOR_NAME: 'oura-connect tests',
  GIT_AUTHOR_EMAIL: 'tests@example.invalid',
  GIT_COMMITTER_NAME: 'oura-connect tests',
  GIT_COMMITTER_EMAIL: 'tests@example.invalid',
};
/** The ref of the git install the README shows: the test installs what people are told to. */
const README_REF = readmeInstallRef();

let work: string;
let prefix: string;
/** The files of the release commit: what a git install gets, before its dependencies. */
let files: string[];
let release: {
  version: string;
  source: string;
  commit: string;
  tagged: string;
  message: string;
};

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'oura-git-install-'));
  prefix = join(work, 'prefix');
  const clone = join(work, 'oura-connect');
  const source = (await git(REPO_ROOT, ['rev-parse', 'HEAD'])).trim();
  await git(work, ['clone', '--quiet', '--no-checkout', REPO_ROOT, clone]);
  await git(clone, ['checkout', '--quiet', '--detach', source]);
  // The maintainer's checkout has its build tools installed; so does this one.
  await symlink(await realpath(join(REPO_ROOT, 'node_modules')), join(clone, 'node_modules'));
  await run(NPM, ['run', 'release:git', '--silent'], {
    cwd: clone,
    env: { ...process.env, ...GIT_IDENTITY },
  });
  const { version } = JSON.parse(await readFile(join(clone, 'package.json'), 'utf8')) as {
    version: string;
  };
  const commit = (await git(clone, ['rev-parse', `refs/heads/${README_REF}`])).trim();
  release = {
    version,
    source,
    commit,
    tagged: (await git(clone, ['rev-parse', `v${version}-dist^{commit}`])).trim(),
    message: (await git(clone, ['log', '-1', '--format=%s', commit])).trim(),
  };
  files = (await git(clone, ['ls-tree', '-r', '--name-only', release.commit])).trim().split('\n');
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
      `git+file://${clone}#${README_REF}`,
    ],
    {
      cwd: work,
      env: {
        ...process.env,
        npm_config_better_sqlite3_local_prebuilds: await localPrebuilds(work),
      },
    },
  );
}, 600_000);

/**
 * better-sqlite3's install script takes the prebuilt addon it downloads from
 * GitHub, as a user's machine does; these machines cannot reach GitHub, so the
 * addon this checkout built stands in for that download, in a folder that
 * prebuild-install looks in first. Should the install resolve another version,
 * there is no file of that name and the addon compiles from source (python3,
 * make, g++: minutes beside the other test files).
 */
async function localPrebuilds(work: string): Promise<string> {
  const addon = join(REPO_ROOT, 'node_modules', 'better-sqlite3');
  const { version } = JSON.parse(await readFile(join(addon, 'package.json'), 'utf8')) as {
    version: string;
  };
  const dir = join(work, 'prebuilds');
  await mkdir(dir);
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  await run('tar', ['-czf', join(dir, name), '-C', addon, 'build/Release/better_sqlite3.node']);
  return dir;
}

async function git(cwd: string, args: string[]): Promise<string> {
  return (await run('git', args, { cwd })).stdout;
}

function readmeInstallRef(): string {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const shown = /npm install -g git\+https:\/\/github\.com\/\S+\/oura-connect\.git#(\S+)/.exec(
    readme,
  );
  if (!shown?.[1]) throw new Error('README.md shows no `npm install -g git+https://…#REF` line');
  return shown[1];
}

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

describe('npm run release:git + npm install -g git+…#release', () => {
  it('ships what a user runs and nothing of the build or the tests', async () => {
    expect(files).toContain('bin/oura.js');
    expect(files).toContain('dist/cli/main.js');
    expect(files).toContain('dist/index.d.ts');
    const unwanted = files.filter(
      (f) =>
        f.endsWith('.tsbuildinfo') || f.endsWith('.map') || /^(src|test|bench|scripts)\//.test(f),
    );
    expect(unwanted).toEqual([]);
    // Any of these would make npm build the package again where tsc is missing.
    const installed = JSON.parse(
      await readFile(join(prefix, 'lib', 'node_modules', 'oura-connect', 'package.json'), 'utf8'),
    ) as Record<string, unknown>;
    expect(installed.scripts).toBeUndefined();
    expect(installed.devDependencies).toBeUndefined();
  });

  it('the branch and the version tag name one commit, built from the checked-out source', async () => {
    expect(release.tagged).toBe(release.commit);
    expect(release.message).toBe(`oura-connect ${release.version}, built from ${release.source}`);
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

  it('the installed `oura` names its version and its data types', async () => {
    const bin = join(prefix, 'bin', 'oura');
    const version = await run(bin, ['--version'], { env: cleanEnv() });
    expect(version.stdout.trim()).toBe(release.version);
    const types = await run(bin, ['types'], { env: cleanEnv() });
    const names = (JSON.parse(types.stdout) as { type: string }[]).map((t) => t.type);
    expect(names).toContain('daily_sleep');
    expect(names).toContain('heartrate');
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
