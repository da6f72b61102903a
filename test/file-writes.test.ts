/**
 * Every file `oura` writes for the person is written atomically (temp file
 * beside it, fsync, rename), seen from outside as real processes:
 * - on a full disk (a real tmpfs, filled to the last block) `export` (csv,
 *   ndjson, parquet), `report` and `skill install` exit 1 saying the disk is
 *   full and naming the file; the previous file is there byte for byte (or no
 *   file at all), and no temp file is left;
 * - a read-only file system is said in words;
 * - a symlink where the file goes is replaced by the file, and the file it
 *   pointed to is left as it was;
 * - an export killed (SIGKILL) in the middle of writing leaves the previous
 *   file, and the next export clears the dead process's temp file.
 * The tmpfs needs root (as on CI): elsewhere those tests are skipped with a
 * visible message; under CI=true they must run.
 */

import { lstat, mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../src/calendar/days.js';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { cleanEnv, expectNoSecrets, runCli, startCli } from './helpers/cli.js';
import { mountSmallDisk, type SmallDisk } from './helpers/small-disk.js';
import { tempDir } from './helpers/temp.js';

const TODAY = '2025-06-15';
const HISTORY_DAYS = 90;
const FIRST_DAY = addDays(TODAY, -(HISTORY_DAYS - 1));
/** The previous files are of a short range, the new ones of the whole history: they differ. */
const SHORT = ['--start', addDays(TODAY, -1), '--end', TODAY];
const WHOLE = ['--start', FIRST_DAY, '--end', TODAY];
const FORMATS = ['csv', 'ndjson', 'parquet'] as const;

let emulator: Emulator;
let token: string;
let dataDir: string;

async function oura(args: string[], extra: Record<string, string | undefined> = {}) {
  const result = await runCli(args, {
    env: cleanEnv({
      OURA_ACCESS_TOKEN: token,
      OURA_API_URL: emulator.url,
      OURA_DATA_DIR: dataDir,
      ...extra,
    }),
  });
  expectNoSecrets(result, [token]);
  return result;
}

/** Runs `oura` and expects it to succeed. */
async function ok(args: string[]) {
  const result = await oura(args);
  expect(result.code, result.stderr).toBe(0);
  return result;
}

const tempFiles = async (dir: string) =>
  (await readdir(dir)).filter((name) => name.endsWith('.tmp'));

async function expectRegularFile(path: string, mode: number) {
  const info = await lstat(path);
  expect(info.isSymbolicLink(), `${path} is still a symlink`).toBe(false);
  expect(info.isFile()).toBe(true);
  expect(info.mode & 0o777).toBe(mode);
}

beforeAll(async () => {
  emulator = await startEmulator({ today: TODAY, historyDays: HISTORY_DAYS });
  token = emulator.mintTokens().access_token;
  dataDir = await tempDir('oura-writes-');
  await ok(['sync', '--types', 'daily_sleep,daily_activity,heartrate', '--since', FIRST_DAY]);
});
afterAll(async () => {
  await emulator?.close();
});

describe('a symlink where the file goes is replaced, never followed', () => {
  it('oura export', async () => {
    const out = await tempDir('oura-writes-out-');
    const victim = join(await tempDir('oura-writes-victim-'), 'precious.txt');
    await writeFile(victim, 'not an export\n');
    await symlink(victim, join(out, 'daily_sleep.csv'));
    const args = ['export', '--format', 'csv', '--types', 'daily_sleep', '--out', out, ...SHORT];
    // A symlink is not an export: kept, unless --force.
    expect((await oura(args)).code).toBe(2);
    expect((await lstat(join(out, 'daily_sleep.csv'))).isSymbolicLink()).toBe(true);
    await ok([...args, '--force']);
    expect(await readFile(victim, 'utf8')).toBe('not an export\n');
    await expectRegularFile(join(out, 'daily_sleep.csv'), 0o600);
    expect(await readFile(join(out, 'daily_sleep.csv'), 'utf8')).toMatch(/^id,/);
    expect(await tempFiles(out)).toEqual([]);
  });

  it('oura report --out', async () => {
    const dir = await tempDir('oura-writes-report-');
    const victim = join(await tempDir('oura-writes-victim-'), 'precious.html');
    await writeFile(victim, 'not a report\n');
    const out = join(dir, 'report.html');
    await symlink(victim, out);
    // A symlink is not a report: kept, unless --force.
    expect((await oura(['report', '--no-open', '--out', out, ...SHORT])).code).toBe(2);
    expect((await lstat(out)).isSymbolicLink()).toBe(true);
    const result = await ok(['report', '--no-open', '--out', out, ...SHORT, '--force']);
    expect(result.stdout.trim()).toBe(out);
    expect(await readFile(victim, 'utf8')).toBe('not a report\n');
    await expectRegularFile(out, 0o600);
    expect(await readFile(out, 'utf8')).toContain('</html>');
    expect(await tempFiles(dir)).toEqual([]);
  });

  it('oura skill install', async () => {
    const skills = await tempDir('oura-writes-skills-');
    const victim = join(await tempDir('oura-writes-victim-'), 'notes.md');
    await writeFile(victim, 'my own notes\n');
    await mkdir(join(skills, 'oura'));
    await symlink(victim, join(skills, 'oura', 'SKILL.md'));
    await ok(['skill', 'install', '--dir', skills]);
    expect(await readFile(victim, 'utf8')).toBe('my own notes\n');
    const installed = await lstat(join(skills, 'oura', 'SKILL.md'));
    expect(installed.isSymbolicLink()).toBe(false);
    expect(await readFile(join(skills, 'oura', 'SKILL.md'), 'utf8')).toMatch(/^---\nname: oura/);
  });
});

describe('--out replaces only what oura wrote there, or anything with --force', () => {
  it('oura report --out: another file is kept (exit 2, both ways out said); its own report is replaced', async () => {
    const dir = await tempDir('oura-writes-keep-');
    const mine = join(dir, 'notes.html');
    await writeFile(mine, '<p>my own page</p>\n');
    const refused = await oura(['report', '--no-open', '--out', mine, ...SHORT]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${mine} already exists and is not a report oura wrote`);
    expect(refused.stderr).toContain('another path with --out');
    expect(refused.stderr).toContain('--force');
    expect(refused.stdout).toBe('');
    expect(await readFile(mine, 'utf8')).toBe('<p>my own page</p>\n');

    const report = join(dir, 'report.html');
    await ok(['report', '--no-open', '--out', report, ...SHORT]);
    const first = await readFile(report, 'utf8');
    expect(first).toContain('<meta name="generator" content="oura-connect report">');
    await ok(['report', '--no-open', '--out', report, ...WHOLE]);
    expect(await readFile(report, 'utf8')).not.toBe(first);

    await ok(['report', '--no-open', '--out', mine, ...SHORT, '--force']);
    expect(await readFile(mine, 'utf8')).toContain('oura-connect report');
  });

  it('oura export --out: a file that is not an export of that format is kept (exit 2) and nothing is written', async () => {
    const out = await tempDir('oura-writes-keep-export-');
    const mine = join(out, 'daily_sleep.csv');
    await writeFile(mine, 'Shopping list: milk, bread\n');
    const args = [
      'export',
      '--format',
      'csv',
      '--types',
      'daily_activity,daily_sleep',
      '--out',
      out,
      ...SHORT,
    ];
    const refused = await oura(args);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${mine} already exists and is not a csv export oura wrote`);
    expect(refused.stderr).toContain('--force');
    expect(await readFile(mine, 'utf8')).toBe('Shopping list: milk, bread\n');
    expect((await readdir(out)).sort()).toEqual(['daily_sleep.csv']);

    // Its own exports are replaced by the next export, as before.
    await ok([...args, '--force']);
    await ok(args);
    expect(await readFile(mine, 'utf8')).toMatch(/^id,/);
  });
});

/**
 * Starts an export of the whole heart-rate history over a previous one and
 * sends `signal` as soon as it has written anything: into a temp file, or
 * (the old way) into the file itself. Returns the previous bytes, and whether
 * a temp file was seen.
 */
async function interruptExport(out: string, signal: NodeJS.Signals) {
  const target = join(out, 'heartrate.ndjson');
  await ok([...HEARTRATE_EXPORT(out), ...SHORT]);
  const previous = await readFile(target);
  const run = startCli([...HEARTRATE_EXPORT(out), ...WHOLE], {
    mode: 'process',
    env: cleanEnv({ OURA_DATA_DIR: dataDir, OURA_ACCESS_TOKEN: token }),
  });
  let exited = false;
  void run.result.then(() => {
    exited = true;
  });
  let sawTempFile = false;
  while (!exited) {
    const temps = await tempFiles(out);
    const written = await Promise.all(
      temps.map((name) =>
        stat(join(out, name)).then(
          (s) => s.size > 0,
          () => false,
        ),
      ),
    );
    sawTempFile = written.includes(true);
    const changed = !(await readFile(target).then(
      (now) => now.equals(previous),
      () => false,
    ));
    if (sawTempFile || changed) break;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  run.kill(signal);
  const result = await run.result;
  expect(result.code, `the export finished before it was stopped: ${result.stderr}`).toBeNull();
  expect((await readFile(target)).equals(previous), 'the previous export was damaged').toBe(true);
  expect(sawTempFile).toBe(true);
  return previous;
}

const HEARTRATE_EXPORT = (out: string) => [
  'export',
  '--format',
  'ndjson',
  '--types',
  'heartrate',
  '--out',
  out,
];

it('an export killed (SIGKILL) while writing leaves the previous file; the next one clears its temp file', async () => {
  const out = await tempDir('oura-writes-killed-');
  const previous = await interruptExport(out, 'SIGKILL');
  expect(await tempFiles(out)).toHaveLength(1);
  await ok([...HEARTRATE_EXPORT(out), ...SHORT]);
  expect(await tempFiles(out)).toEqual([]);
  expect((await readFile(join(out, 'heartrate.ndjson'))).equals(previous)).toBe(true);
});

it('an export stopped by Ctrl-C (SIGINT) while writing leaves the previous file and no temp file', async () => {
  const out = await tempDir('oura-writes-interrupted-');
  await interruptExport(out, 'SIGINT');
  expect(await tempFiles(out)).toEqual([]);
});

describe('on a full disk', () => {
  let disk: SmallDisk | undefined;
  let exportDir: string;
  let report: string;
  let skills: string;
  let empty: string;
  const before = new Map<string, Buffer>();

  beforeAll(async () => {
    disk = await mountSmallDisk('2m');
    if (!disk) return;
    exportDir = join(disk.dir, 'export');
    for (const format of FORMATS) {
      await ok([
        'export',
        '--format',
        format,
        '--types',
        'daily_sleep',
        '--out',
        exportDir,
        ...SHORT,
      ]);
    }
    report = join(disk.dir, 'report.html');
    await ok(['report', '--no-open', '--out', report, ...SHORT]);
    skills = join(disk.dir, 'skills');
    await mkdir(join(skills, 'oura'), { recursive: true });
    await writeFile(join(skills, 'oura', 'SKILL.md'), 'an older skill\n');
    for (const file of [
      ...FORMATS.map((format) => join(exportDir, `daily_sleep.${format}`)),
      report,
      join(skills, 'oura', 'SKILL.md'),
    ]) {
      before.set(file, await readFile(file));
    }
    empty = join(disk.dir, 'empty');
    await mkdir(empty);
    disk.fill();
  });
  afterAll(() => {
    disk?.unmount();
  });

  const expectDiskFull = (stderr: string, file: string) => {
    expect(stderr).toContain(`the disk is full writing ${file}`);
    expect(stderr).toContain('free some space and run again');
    expect(stderr).not.toContain('unexpected error');
  };
  const expectUnchanged = async (file: string) => {
    const previous = before.get(file) ?? Buffer.alloc(0);
    expect((await readFile(file)).equals(previous), `${file} was damaged`).toBe(true);
    expect(await tempFiles(join(file, '..'))).toEqual([]);
  };

  for (const format of FORMATS) {
    it(`oura export --format ${format}: exit 1, says so, the previous file intact`, async (context) => {
      if (!disk) return context.skip();
      const file = join(exportDir, `daily_sleep.${format}`);
      const result = await oura([
        'export',
        '--format',
        format,
        '--types',
        'daily_sleep',
        '--out',
        exportDir,
        ...WHOLE,
      ]);
      await expectUnchanged(file);
      expect(result.code).toBe(1);
      expectDiskFull(result.stderr, file);
    });
  }

  it('oura export into an empty folder leaves no file at all', async (context) => {
    if (!disk) return context.skip();
    const types = ['--types', 'daily_sleep,heartrate'];
    const result = await oura(['export', '--format', 'csv', ...types, '--out', empty, ...WHOLE]);
    expect(await readdir(empty)).toEqual([]);
    expect(result.code).toBe(1);
    expectDiskFull(result.stderr, join(empty, 'daily_sleep.csv'));
  });

  it('oura report: exit 1, says so, the previous report intact', async (context) => {
    if (!disk) return context.skip();
    const result = await oura(['report', '--no-open', '--out', report, ...WHOLE]);
    await expectUnchanged(report);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`the disk is full writing the report to ${report}`);
    expectDiskFull(result.stderr, 'the report');
  });

  it('oura skill install: exit 1, says so, the older copy intact', async (context) => {
    if (!disk) return context.skip();
    const file = join(skills, 'oura', 'SKILL.md');
    const result = await oura(['skill', 'install', '--dir', skills]);
    await expectUnchanged(file);
    expect(result.code).toBe(1);
    expectDiskFull(result.stderr, `the skill to ${file}`);
  });
});

describe('on a read-only file system', () => {
  let disk: SmallDisk | undefined;
  beforeAll(async () => {
    disk = await mountSmallDisk('64k', { readOnly: true });
  });
  afterAll(() => {
    disk?.unmount();
  });

  it('oura report says so and exits 1', async (context) => {
    if (!disk) return context.skip();
    const out = join(disk.dir, 'report.html');
    const result = await oura(['report', '--no-open', '--out', out, ...SHORT]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `cannot write the report to ${out}: the file system is read-only.`,
    );
  });

  it('oura export into a new folder there says so and exits 1', async (context) => {
    if (!disk) return context.skip();
    const out = join(disk.dir, 'export');
    const result = await oura(['export', '--format', 'csv', '--out', out, ...SHORT]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`cannot write ${out}: the file system is read-only.`);
  });
});

/**
 * /proc exists for everyone (root included, as the tests run) and takes no new
 * files: it answers "no such file", on which Node's recursive mkdir spins forever.
 */
describe('in a system folder that takes no new files (/proc)', () => {
  it('oura report --out says what failed and what to do, exit 1', async () => {
    const out = '/proc/oura-report.html';
    const result = await oura(['report', '--no-open', '--out', out, ...SHORT]);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain(
      `cannot write the report to ${out}: the folder /proc takes no new files`,
    );
    expect(result.stderr).toContain('Pick a place on a writable disk');
    expect(result.stderr).not.toContain('does not exist');
    expect(result.stderr).not.toContain('unexpected');
  });

  it('oura export --out (a folder it must create) says so at once, exit 1', async () => {
    const result = await oura(['export', '--format', 'csv', '--out', '/proc/oura-export/csv']);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain(
      'cannot write /proc/oura-export: the folder /proc takes no new files',
    );
    expect(result.stderr).not.toContain('unexpected');
  }, 30_000);
});
