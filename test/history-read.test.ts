/**
 * Reading the history as real processes: `get --local` prints exactly what a
 * live `get` prints; `sql` runs one read-only statement and refuses the rest;
 * `export` writes one file per type, Parquet read back by an independent
 * reader (hyparquet); before any sync, readers say to run `oura sync`.
 */

import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDay } from '../src/calendar/days.js';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import { openForWrite } from '../src/history/database.js';
import { cleanEnv, expectNoSecrets, runCli } from './helpers/cli.js';
import { present } from './helpers/fixture.js';
import { heartRateSamples } from './helpers/heart-rate.js';
import { tempDir } from './helpers/temp.js';

const today = localDay();
const lastDay = addDays(today, -1);

let emulator: Emulator;
let token: string;
let dataDir: string;

function env(extra: Record<string, string | undefined> = {}) {
  return cleanEnv({
    OURA_ACCESS_TOKEN: token,
    OURA_API_URL: emulator.url,
    OURA_DATA_DIR: dataDir,
    ...extra,
  });
}

async function oura(args: string[], extra: Record<string, string | undefined> = {}) {
  const result = await runCli(args, { env: env(extra) });
  expectNoSecrets(result, [token]);
  return result;
}

beforeAll(async () => {
  // Oura's reported date-edge quirks on, so the live side is the harder one to match.
  emulator = await startEmulator({ today: lastDay, historyDays: 45, edgeQuirks: true });
  token = emulator.mintTokens().access_token;
  dataDir = await tempDir('oura-read-');
});
afterAll(async () => {
  await emulator?.close();
});

describe('before any sync', () => {
  for (const args of [
    ['get', 'daily_sleep', '--local'],
    ['sql', 'SELECT 1'],
    ['export', '--format', 'csv', '--out', 'unused'],
  ]) {
    it(`${args.slice(0, 2).join(' ')} exits 1 saying to run oura sync`, async () => {
      const result = await oura(args);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/no local history yet[\s\S]*Run `oura sync`/);
      expect(result.stdout).toBe('');
    });
  }

  it('a sync refused for want of a login makes no history; readers still say to run oura sync', async () => {
    const elsewhere = await tempDir('oura-read-refused-');
    const loggedOut = {
      OURA_ACCESS_TOKEN: undefined,
      OURA_DATA_DIR: elsewhere,
      OURA_CONFIG_DIR: await tempDir('oura-read-config-'),
    };
    const sync = await oura(['sync'], loggedOut);
    expect(sync.code).toBe(4);
    expect(await readdir(elsewhere)).toEqual([]);
    const sql = await oura(['sql', 'SELECT count(*) FROM daily_sleep'], loggedOut);
    expect(sql.code).toBe(1);
    expect(sql.stderr).toMatch(/no local history yet[\s\S]*Run `oura sync`/);
  });

  it('a file with the schema and nothing in it (a sync stopped before its first window) is no history', async () => {
    const elsewhere = await tempDir('oura-read-empty-');
    (await openForWrite(join(elsewhere, 'default.sqlite'))).close();
    const result = await oura(['sql', 'SELECT count(*) FROM daily_sleep'], {
      OURA_DATA_DIR: elsewhere,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no local history yet[\s\S]*Run `oura sync`/);
    expect(result.stdout).toBe('');
  });
});

describe('after a sync', () => {
  beforeAll(async () => {
    const result = await oura(['sync', '--json']);
    expect(result.code).toBe(0);
  });

  const cases: [string, string[]][] = [
    ['daily_sleep, default 7 days', ['get', 'daily_sleep']],
    ['sleep over a month', ['get', 'sleep', '--start', addDays(lastDay, -30), '--end', lastDay]],
    [
      'heartrate over 3 days',
      ['get', 'heartrate', '--start', addDays(lastDay, -2), '--end', lastDay],
    ],
    ['heartrate latest', ['get', 'heartrate', '--latest']],
    ['ring_battery_level', ['get', 'ring_battery_level', '--start', addDays(lastDay, -1)]],
    ['enhanced_tag, whole history', ['get', 'enhanced_tag', '--start', addDays(lastDay, -44)]],
    ['workout', ['get', 'workout', '--start', addDays(lastDay, -44)]],
    ['ring_configuration', ['get', 'ring_configuration']],
    ['personal_info', ['get', 'personal_info']],
    ['daily_activity as csv', ['get', 'daily_activity', '--format', 'csv']],
    ['daily_readiness as ndjson', ['get', 'daily_readiness', '--format', 'ndjson']],
    ['daily_sleep as a table', ['get', 'daily_sleep', '--format', 'table']],
    ['fields', ['get', 'daily_activity', '--fields', 'score,steps', '--format', 'csv']],
  ];
  for (const [name, args] of cases) {
    it(`get --local equals live: ${name}`, async () => {
      const live = await oura([
        ...args,
        ...(args.includes('--format') ? [] : ['--format', 'json']),
      ]);
      expect(live.code).toBe(0);
      const before = emulator.stats.apiRequests;
      // No token and no API: the answer can only come from the history.
      const local = await oura(
        [...args, '--local', ...(args.includes('--format') ? [] : ['--format', 'json'])],
        { OURA_ACCESS_TOKEN: undefined, OURA_API_URL: 'http://127.0.0.1:9' },
      );
      expect(local.code).toBe(0);
      expect(emulator.stats.apiRequests).toBe(before);
      expect(local.stdout.length).toBeGreaterThan(10);
      expect(local.stdout).toBe(live.stdout);
    });
  }

  it("get --local before the account's first day says where the data starts, not to sync", async () => {
    const firstDay = addDays(lastDay, -44);
    const result = await oura([
      'get',
      'daily_sleep',
      '--local',
      '--start',
      addDays(firstDay, -10),
      '--end',
      addDays(firstDay, 1),
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      `the account's data starts on ${firstDay}, so there is nothing before it.`,
    );
    expect(result.stderr).not.toMatch(/oura sync/);
    expect((JSON.parse(result.stdout) as { day: string }[]).map((d) => d.day)).toEqual([
      firstDay,
      addDays(firstDay, 1),
    ]);
  });

  it('get --local --id finds one document, and a missing id exits 1', async () => {
    const list = JSON.parse((await oura(['get', 'sleep', '--format', 'json'])).stdout) as {
      id: string;
    }[];
    const id = present(list[0]?.id, 'a listed document');
    const live = await oura(['get', 'sleep', '--id', id, '--format', 'json']);
    const local = await oura(['get', 'sleep', '--id', id, '--format', 'json', '--local']);
    expect(local.stdout).toBe(live.stdout);
    const missing = await oura(['get', 'sleep', '--id', 'nope', '--local']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no sleep document with this id in the local history/);
  });

  it('sql runs a query in every get format', async () => {
    const query = `SELECT day, score FROM daily_sleep WHERE day BETWEEN '${addDays(lastDay, -1)}' AND '${lastDay}' ORDER BY day`;
    const json = await oura(['sql', query, '--format', 'json']);
    expect(json.code).toBe(0);
    const rows = JSON.parse(json.stdout) as { day: string; score: number }[];
    expect(rows.map((r) => r.day)).toEqual([addDays(lastDay, -1), lastDay]);
    expect(typeof rows[0]?.score).toBe('number');
    const csv = await oura(['sql', query, '--format', 'csv']);
    expect(csv.stdout.split('\r\n')[0]).toBe('day,score');
    expect(csv.stdout.split('\r\n')[1]).toBe(`${rows[0]?.day},${rows[0]?.score}`);
    const ndjson = await oura(['sql', query, '--format', 'ndjson']);
    expect(
      ndjson.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual(rows);
    const table = await oura(['sql', query, '--format', 'table']);
    expect(table.stdout).toMatch(/^day\s+score\n-+\s+-+\n/);
  });

  it('the heartrate view has timestamp, bpm and source as Oura sent them', async () => {
    const live = JSON.parse(
      (await oura(['get', 'heartrate', '--start', lastDay, '--end', lastDay, '--format', 'json']))
        .stdout,
    ) as { timestamp: string; bpm: number; source: string }[];
    const first = present(live[0], 'a heart-rate sample of the last day');
    const result = await oura([
      'sql',
      `SELECT timestamp, bpm, source, doc FROM heartrate WHERE timestamp = '${first.timestamp}'`,
      '--format',
      'json',
    ]);
    const [found] = JSON.parse(result.stdout) as { doc: string }[];
    const row = present(found, 'the sample, read back through the heartrate view');
    expect(row).toMatchObject({ timestamp: first.timestamp, bpm: first.bpm, source: first.source });
    expect(JSON.parse(row.doc)).toEqual(first);
  });

  const refusals: [string, string, RegExp][] = [
    ['a write', 'DELETE FROM documents', /only one read-only query/],
    [
      'a write through a view name',
      'UPDATE daily_sleep SET score = 0',
      /cannot modify daily_sleep because it is a view/,
    ],
    [
      'a write to a bookkeeping table',
      "INSERT INTO meta VALUES ('x', 'y')",
      /only one read-only query/,
    ],
    ['a pragma that writes', 'PRAGMA user_version = 7', /only one read-only query/],
    ['two statements', 'SELECT 1; SELECT 2', /more than one statement/],
    ['a syntax error', 'SELEC day FROM daily_sleep', /near "SELEC": syntax error/],
    ['an unknown table', 'SELECT * FROM nope', /no such table: nope/],
  ];
  for (const [name, query, message] of refusals) {
    it(`sql refuses ${name} with exit 2, changing nothing`, async () => {
      const file = join(dataDir, 'default.sqlite');
      const before = (await stat(file)).mtimeMs;
      const result = await oura(['sql', query]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect((await stat(file)).mtimeMs).toBe(before);
      const count = await oura([
        'sql',
        'SELECT count(*) AS n FROM daily_sleep',
        '--format',
        'json',
      ]);
      expect(JSON.parse(count.stdout)).toEqual([{ n: 45 }]);
    });
  }

  it('sql --schema prints every view with its columns', async () => {
    const result = await oura(['sql', '--schema']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^daily_sleep\(id TEXT, day TEXT, doc TEXT, score INTEGER/m);
    expect(result.stdout).toMatch(/^heartrate\(.*timestamp TEXT, bpm INTEGER, source TEXT/m);
    expect(result.stdout).toMatch(/^vO2_max\(/m);
  });

  it('export writes csv flattened like get --format csv, and ndjson like get --format ndjson', async () => {
    const out = join(dataDir, 'export-text');
    const range = ['--start', addDays(lastDay, -9), '--end', lastDay];
    const csv = await oura([
      'export',
      '--format',
      'csv',
      '--out',
      out,
      '--types',
      'daily_sleep,sleep',
      ...range,
    ]);
    expect(csv.code).toBe(0);
    const live = await oura(['get', 'sleep', ...range, '--format', 'csv']);
    expect(await readFile(join(out, 'sleep.csv'), 'utf8')).toBe(live.stdout);
    const nd = await oura([
      'export',
      '--format',
      'ndjson',
      '--out',
      out,
      '--types',
      'workout',
      ...range,
    ]);
    expect(nd.code).toBe(0);
    const liveNd = await oura(['get', 'workout', ...range, '--format', 'ndjson']);
    expect(await readFile(join(out, 'workout.ndjson'), 'utf8')).toBe(liveNd.stdout);
    expect((await stat(join(out, 'sleep.csv'))).mode & 0o777).toBe(0o600);
    // --out naming a file, not a folder: a message saying so, exit 1.
    const onFile = await oura(['export', '--format', 'csv', '--out', join(out, 'sleep.csv')]);
    expect(onFile.code).toBe(1);
    expect(onFile.stderr).toContain('as the export folder');
    expect(onFile.stderr).not.toContain('unexpected error');
  });

  it('export writes Parquet with proper column types, read back by an independent reader', async () => {
    const out = join(dataDir, 'export-parquet');
    const result = await oura(['export', '--format', 'parquet', '--out', out]);
    expect(result.code).toBe(0);
    for (const type of [
      'daily_sleep',
      'heartrate',
      'workout',
      'ring_battery_level',
      'personal_info',
    ]) {
      await stat(join(out, `${type}.parquet`));
    }
    const file = async (type: string) => {
      const bytes = await readFile(join(out, `${type}.parquet`));
      return bytes.buffer.slice(
        bytes.byteOffset,
        bytes.byteOffset + bytes.byteLength,
      ) as ArrayBuffer;
    };
    const sleep = await file('daily_sleep');
    const schema = parquetMetadata(sleep).schema;
    const types = Object.fromEntries(schema.map((s) => [s.name, s.type]));
    expect(types).toMatchObject({
      id: 'BYTE_ARRAY',
      day: 'INT32',
      score: 'INT64',
      doc: 'BYTE_ARRAY',
    });
    // A day is a DATE, not a string to parse: days since 1970-01-01, the same in every time zone.
    expect(schema.find((s) => s.name === 'day')?.logical_type).toEqual({ type: 'DATE' });
    const rows = (await parquetReadObjects({ file: sleep })) as Record<string, unknown>[];
    const sql = JSON.parse(
      (
        await oura([
          'sql',
          'SELECT id, day, score, doc FROM daily_sleep ORDER BY day',
          '--format',
          'json',
        ])
      ).stdout,
    ) as { id: string; day: string; score: number; doc: string }[];
    expect(rows).toHaveLength(sql.length);
    // hyparquet reads a DATE as the Date of its UTC midnight.
    const dayOf = (value: unknown) => (value as Date).toISOString().slice(0, 10);
    expect(
      rows.map((r) => ({ id: r.id, day: dayOf(r.day), score: Number(r.score), doc: r.doc })),
    ).toEqual(sql);
    const tags = (await parquetReadObjects({
      file: await file('enhanced_tag'),
      columns: ['day', 'start_day'],
    })) as { day: unknown; start_day: unknown }[];
    const tagDays = JSON.parse(
      (
        await oura([
          'sql',
          'SELECT day, start_day FROM enhanced_tag ORDER BY day',
          '--format',
          'json',
        ])
      ).stdout,
    ) as { day: string; start_day: string }[];
    expect(tagDays.length).toBeGreaterThan(0);
    // Several tags may share a day, in no set order: compare them sorted.
    const sorted = (list: { day: string; start_day: string }[]) =>
      list.map((t) => `${t.day} ${t.start_day}`).sort();
    expect(sorted(tags.map((t) => ({ day: dayOf(t.day), start_day: dayOf(t.start_day) })))).toEqual(
      sorted(tagDays),
    );

    const spo2 = Object.fromEntries(
      parquetMetadata(await file('daily_spo2')).schema.map((s) => [s.name, s.type]),
    );
    expect(spo2.spo2_average).toBe('DOUBLE');
    const battery = await file('ring_battery_level');
    expect(
      Object.fromEntries(parquetMetadata(battery).schema.map((s) => [s.name, s.type])).charging,
    ).toBe('BOOLEAN');
    const hr = (await parquetReadObjects({
      file: await file('heartrate'),
      columns: ['timestamp', 'bpm', 'source'],
    })) as {
      bpm: bigint;
    }[];
    expect(hr).toHaveLength(await heartRateSamples(emulator, addDays(lastDay, -44), lastDay));
    expect(typeof hr[0]?.bpm).toBe('bigint');
  });
});
