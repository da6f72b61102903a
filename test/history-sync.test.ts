/**
 * `oura sync` as a real process against the emulator, into a real SQLite file:
 * backfill from the account's first day, incremental runs, revisions,
 * deletions and late data, scopes, bad input, a damaged or newer file.
 */

import { execFile } from 'node:child_process';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDay } from '../src/calendar/days.js';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { cleanEnv, expectNoSecrets, OURA_BIN, runCli } from './helpers/cli.js';
import { heartRateSamples } from './helpers/heart-rate.js';
import { integrityCheck, queryHistory } from './helpers/history.js';
import { trackChild } from './helpers/processes.js';
import { tempDir } from './helpers/temp.js';

const today = localDay();
// The emulator's history ends yesterday, so heart rate does not grow while the tests run.
const lastDay = addDays(today, -1);
const HISTORY_DAYS = 40;
const firstDay = addDays(lastDay, -(HISTORY_DAYS - 1));

let emulator: Emulator;
let token: string;
/** Heart-rate samples of the whole history, as the emulator serves them. */
let samples: number;

beforeAll(async () => {
  emulator = await startEmulator({ today: lastDay, historyDays: HISTORY_DAYS });
  token = emulator.mintTokens().access_token;
  samples = await heartRateSamples(emulator, firstDay, lastDay);
});
afterAll(async () => {
  await emulator?.close();
});

async function sync(dataDir: string, args: string[] = [], accessToken = token) {
  const result = await runCli(['sync', ...args], {
    env: cleanEnv({
      OURA_ACCESS_TOKEN: accessToken,
      OURA_API_URL: emulator.url,
      OURA_DATA_DIR: dataDir,
      OURA_CONFIG_DIR: dataDir,
    }),
  });
  expectNoSecrets(result, [accessToken]);
  return result;
}

interface Summary {
  database: string;
  requests: number;
  duration_ms: number;
  types: Record<string, { inserted: number; updated: number; deleted: number }>;
}

describe('first sync, then incremental syncs', () => {
  let dataDir: string;
  let db: string;

  beforeAll(async () => {
    dataDir = await tempDir('oura-history-');
    db = join(dataDir, 'default.sqlite');
  });

  it('backfills every type from the first day with data, into an owner-only file', async () => {
    const before = emulator.stats.apiRequests;
    const result = await sync(dataDir, ['--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as Summary;
    expect(summary.database).toBe(db);
    expect(summary.requests).toBe(emulator.stats.apiRequests - before);
    expect(summary.duration_ms).toBeGreaterThan(0);
    expect(summary.types.daily_sleep).toEqual({ inserted: HISTORY_DAYS, updated: 0, deleted: 0 });
    expect(summary.types.heartrate?.inserted).toBe(samples);
    expect(samples).toBeGreaterThan(HISTORY_DAYS * 288);
    expect(summary.types.personal_info?.inserted).toBe(1);
    expect(Object.keys(summary.types).sort()).toHaveLength(19);

    expect((await stat(db)).mode & 0o777).toBe(0o600);
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
    expect(integrityCheck(db)).toBe('ok');
    // The first day was found, not walked to: nothing before it, and it is the emulator's first.
    expect(queryHistory(db, 'SELECT min(day) AS day FROM daily_activity')).toEqual([
      { day: firstDay },
    ]);
    expect(queryHistory(db, "SELECT value FROM meta WHERE key = 'first_day'")).toEqual([
      { value: firstDay },
    ]);
    const views = queryHistory<{ n: number }>(db, 'SELECT count(*) AS n FROM heartrate');
    expect(views[0]?.n).toBe(samples);
  });

  it('a second run re-reads only the revisit window and changes nothing', async () => {
    const result = await sync(dataDir, ['--json']);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as Summary;
    for (const counts of Object.values(summary.types)) {
      expect(counts).toEqual({ inserted: 0, updated: 0, deleted: 0 });
    }
    // What reading the revisit window costs on its own: a first sync of just those days.
    const fresh = await sync(await tempDir('oura-history-'), [
      '--json',
      '--since',
      addDays(today, -6),
    ]);
    expect(fresh.code).toBe(0);
    expect(summary.requests).toBe((JSON.parse(fresh.stdout) as Summary).requests);
  });

  it('revised and deleted documents at Oura are updated and deleted after the next sync', async () => {
    const [recent, gone] = queryHistory<{ id: string; day: string }>(
      db,
      'SELECT id, day FROM daily_sleep WHERE day >= ? ORDER BY day DESC LIMIT 2',
      addDays(lastDay, -3),
    );
    if (!recent || !gone) throw new Error('no recent daily_sleep documents');
    emulator.reviseDocument('daily_sleep', recent.id, { score: 3 });
    emulator.deleteDocument('daily_sleep', gone.id);

    const result = await sync(dataDir, ['--json', '--types', 'daily_sleep']);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as Summary;
    expect(summary.types).toEqual({ daily_sleep: { inserted: 0, updated: 1, deleted: 1 } });
    expect(queryHistory(db, 'SELECT score FROM daily_sleep WHERE id = ?', recent.id)).toEqual([
      { score: 3 },
    ]);
    expect(queryHistory(db, 'SELECT id FROM daily_sleep WHERE id = ?', gone.id)).toEqual([]);
    const doc = queryHistory<{ doc: string }>(
      db,
      'SELECT doc FROM daily_sleep WHERE id = ?',
      recent.id,
    );
    expect(JSON.parse(doc[0]?.doc ?? '{}').score).toBe(3);
  });

  it('a revision older than the revisit window is found by --full', async () => {
    const [old] = queryHistory<{ id: string }>(
      db,
      'SELECT id FROM daily_readiness WHERE day = ?',
      addDays(firstDay, 2),
    );
    if (!old) throw new Error('no old daily_readiness');
    emulator.reviseDocument('daily_readiness', old.id, { score: 11 });
    const quick = JSON.parse(
      (await sync(dataDir, ['--json', '--types', 'daily_readiness'])).stdout,
    ) as Summary;
    expect(quick.types.daily_readiness?.updated).toBe(0);
    const full = JSON.parse(
      (await sync(dataDir, ['--json', '--full', '--types', 'daily_readiness'])).stdout,
    ) as Summary;
    expect(full.types.daily_readiness).toEqual({ inserted: 0, updated: 1, deleted: 0 });
  });
});

describe('on a terminal', () => {
  it('shows progress per type (windows, documents) and a closing line', async () => {
    const dataDir = await tempDir('oura-history-');
    // `script` gives the CLI a pseudo-terminal, as a person's shell would.
    const running = promisify(execFile)(
      'script',
      ['-qec', `${process.execPath} ${OURA_BIN} sync --types heartrate,daily_sleep`, '/dev/null'],
      {
        env: cleanEnv({
          OURA_ACCESS_TOKEN: token,
          OURA_API_URL: emulator.url,
          OURA_DATA_DIR: dataDir,
        }) as NodeJS.ProcessEnv,
      },
    );
    trackChild(running.child);
    const { stdout } = await running;
    expect(stdout).toMatch(/sync: \d+\/\d+ windows, \d+ documents/);
    expect(stdout).toMatch(/heartrate \d+\/\d+/);
    expect(stdout).toMatch(/oura: synced 2 types into /);
    expect(stdout).not.toContain(token);
  });
});

describe('data that appears late', () => {
  it("the last day's sleep missing at the first sync arrives with the next", async () => {
    const late = await startEmulator({
      today: lastDay,
      historyDays: 10,
      holdToday: ['sleep', 'daily_sleep'],
    });
    try {
      const lateToken = late.mintTokens().access_token;
      const dataDir = await tempDir('oura-history-');
      const run = async () => {
        const result = await runCli(['sync', '--json', '--types', 'sleep,daily_sleep'], {
          env: cleanEnv({
            OURA_ACCESS_TOKEN: lateToken,
            OURA_API_URL: late.url,
            OURA_DATA_DIR: dataDir,
          }),
        });
        expect(result.code).toBe(0);
        return JSON.parse(result.stdout) as Summary;
      };
      expect((await run()).types.daily_sleep?.inserted).toBe(9);
      late.releaseDay('daily_sleep', lastDay);
      late.releaseDay('sleep', lastDay);
      const second = await run();
      expect(second.types.daily_sleep).toEqual({ inserted: 1, updated: 0, deleted: 0 });
      expect(second.types.sleep?.inserted).toBeGreaterThanOrEqual(1);
      const db = join(dataDir, 'default.sqlite');
      expect(queryHistory(db, 'SELECT day FROM daily_sleep WHERE day = ?', lastDay)).toHaveLength(
        1,
      );
    } finally {
      await late.close();
    }
  });
});

describe('scopes and bad input', () => {
  it('an unknown type in --types exits 2 before any request', async () => {
    const dataDir = await tempDir('oura-history-');
    const before = emulator.stats.apiRequests;
    const result = await sync(dataDir, ['--types', 'daily_sleep,sleeps']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown data type in --types: sleeps/);
    expect(emulator.stats.apiRequests).toBe(before);
  });

  it('a bad --since or --revisit-days exits 2', async () => {
    const dataDir = await tempDir('oura-history-');
    expect((await sync(dataDir, ['--since', '2024-02-30'])).code).toBe(2);
    const bad = await sync(dataDir, ['--revisit-days', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--revisit-days "0"/);
  });

  it('a type whose scope was not granted is skipped with one notice naming the scope', async () => {
    const narrow = emulator.mintTokens({ scopes: ['daily', 'personal'] }).access_token;
    const dataDir = await tempDir('oura-history-');
    const result = await sync(dataDir, ['--json', '--types', 'daily_sleep,heartrate'], narrow);
    expect(result.code).toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/skipped heartrate: .*"heartrate" scope/);
    const summary = JSON.parse(result.stdout) as Summary;
    expect(Object.keys(summary.types)).toEqual(['daily_sleep']);
  });

  it('a login with few scopes gets one line naming every skipped type, not one line each', async () => {
    const narrow = emulator.mintTokens({ scopes: ['personal'] }).access_token;
    const dataDir = await tempDir('oura-history-');
    const result = await sync(dataDir, ['--json'], narrow);
    expect(result.code).toBe(0);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^oura: skipped [a-z_2O, ]+: the login lacks the "[^(]+" scopes \(/);
    for (const name of ['daily_sleep', 'heartrate', 'workout', '"daily"', '"heartrate"']) {
      expect(lines[0]).toContain(name);
    }
    expect(Object.keys((JSON.parse(result.stdout) as Summary).types)).toEqual(['personal_info']);
  });

  it('without the daily scope, the first day is the first ring set-up day', async () => {
    const seriesOnly = emulator.mintTokens({
      scopes: ['heartrate', 'ring_configuration'],
    }).access_token;
    const dataDir = await tempDir('oura-history-');
    const result = await sync(dataDir, ['--json', '--types', 'heartrate'], seriesOnly);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as Summary).types.heartrate?.inserted).toBe(samples);
    const db = join(dataDir, 'default.sqlite');
    expect(queryHistory(db, "SELECT value FROM meta WHERE key = 'first_day'")).toEqual([
      { value: firstDay },
    ]);
  });

  it('--since backfills from that day on a first run', async () => {
    const dataDir = await tempDir('oura-history-');
    const since = addDays(lastDay, -4);
    const result = await sync(dataDir, ['--json', '--types', 'daily_activity', '--since', since]);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as Summary).types.daily_activity?.inserted).toBe(5);
  });

  it('a damaged file is named with the way out, and --rebuild re-creates it', async () => {
    const dataDir = await tempDir('oura-history-');
    const db = join(dataDir, 'default.sqlite');
    await writeFile(db, 'this is not a database, just some health notes '.repeat(200));
    const broken = await sync(dataDir, ['--types', 'daily_sleep']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(db);
    expect(broken.stderr).toContain('oura sync --rebuild');
    const reader = await runCli(['sql', 'SELECT 1'], { env: cleanEnv({ OURA_DATA_DIR: dataDir }) });
    expect(reader.code).toBe(1);
    expect(reader.stderr).toContain(db);
    expect(reader.stderr).toContain('oura sync --rebuild');
    const rebuilt = await sync(dataDir, ['--json', '--types', 'daily_sleep', '--rebuild']);
    expect(rebuilt.code).toBe(0);
    expect(integrityCheck(db)).toBe('ok');
  });

  it('a file from a newer version is refused, untouched', async () => {
    const dataDir = await tempDir('oura-history-');
    const path = join(dataDir, 'default.sqlite');
    const newer = new Database(path);
    newer.exec('CREATE TABLE keep (x); INSERT INTO keep VALUES (42)');
    newer.pragma('user_version = 999');
    newer.close();
    const result = await sync(dataDir, ['--types', 'daily_sleep']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/newer oura-connect \(schema 999/);
    expect(queryHistory(path, 'SELECT x FROM keep')).toEqual([{ x: 42 }]);
  });
});
