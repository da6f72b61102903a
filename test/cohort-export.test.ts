/**
 * A cohort's export, streamed as CSV and as Parquet, from two participants
 * synced from the emulator into each store (one SQLite file, one PostgreSQL
 * schema) and one who has no data. Each participant's rows must be what the
 * SQLite view of their own history holds (the columns of `oura export`,
 * queried in SQL, not made by the code under test): the PostgreSQL
 * participant's account is synced into a reference file for that. The CSV is
 * read with the test's own RFC 4180 reader, the Parquet with hyparquet.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OuraClient } from '../src/api/client.js';
import type { DayRange } from '../src/calendar/days.js';
import { type Emulator, startEmulator } from '../src/emulator/index.js';
import type { HistoryStore } from '../src/history/history-store.js';
import type * as PostgresModule from '../src/history/postgres/pg-history.js';
import type { ViewColumn } from '../src/history/schema.js';
import type * as SqliteModule from '../src/history/sqlite-store.js';
import type { StoredHistoryReader } from '../src/history/store-contract.js';
import type { DataType } from '../src/oura/data-types.js';
import { cohortCsv } from '../src/serve/cohort-data/cohort-csv.js';
import { cohortParquet } from '../src/serve/cohort-data/cohort-parquet.js';
import {
  type CohortParticipant,
  cohortColumns,
  cohortRows,
} from '../src/serve/cohort-data/cohort-rows.js';
import { parseCsv } from './helpers/csv.js';
import { queryHistory } from './helpers/history.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from './helpers/postgres.js';
import { ON_CI } from './helpers/requirements.js';
import { tempDir } from './helpers/temp.js';

// From dist/: the SQLite store writes in a worker thread, which loads the built module.
const { openPostgresHistory }: typeof PostgresModule = await import(
  '../dist/history/postgres/pg-history.js'
);
const { sqliteHistoryStore }: typeof SqliteModule = await import('../dist/history/sqlite-store.js');

const TODAY = '2025-06-15';
const SINCE = '2025-05-01';
/** Crosses a month and, for heart rate, two of the export's windows of 31 days. */
const RANGE: DayRange = { start: '2025-05-03', end: '2025-06-14' };
const now = () => new Date(`${TODAY}T12:00:00`);
const TYPES: DataType[] = ['daily_sleep', 'heartrate', 'ring_battery_level', 'personal_info'];

const hasPostgres = await postgresAvailable();
let emulator: Emulator;
let database: TestDatabase | undefined;
const stores: HistoryStore[] = [];
const dir = await tempDir('oura-cohort-export-');
/** Each participant's label, reader, and the SQLite file holding their account's history. */
let cohort: (CohortParticipant & { file: string })[] = [];

async function synced(store: HistoryStore, account: number): Promise<HistoryStore> {
  const token = emulator.mintTokens({ account }).access_token;
  const client = new OuraClient({ token, baseUrl: emulator.url });
  const result = await store.sync(client, { types: TYPES, since: SINCE, now });
  expect(result.complete).toBe(true);
  stores.push(store);
  return store;
}

beforeAll(async () => {
  emulator = await startEmulator({ today: TODAY, historyDays: 60, accounts: 2 });
  const fileA = join(dir, 'a.sqlite');
  const fileB = join(dir, 'b.sqlite');
  const a = await synced(sqliteHistoryStore(fileA), 0);
  const referenceB = await synced(sqliteHistoryStore(fileB), 1);
  let b = referenceB;
  if (hasPostgres) {
    database = await createTestDatabase();
    b = await synced(await openPostgresHistory(database.pool(), 'participant_b'), 1);
  } else if (ON_CI) throw new Error('CI is set, and PostgreSQL is not reachable');
  else console.warn('SKIPPING the PostgreSQL participant: PostgreSQL is not reachable');
  // Never synced: a participant who enrolled and has not connected their ring yet.
  const empty = sqliteHistoryStore(join(dir, 'empty.sqlite'));
  stores.push(empty);
  cohort = [
    { label: 'p-01', reader: a.reader, file: fileA },
    { label: 'p-02', reader: empty.reader, file: join(dir, 'empty.sqlite') },
    { label: 'p-03', reader: b.reader, file: fileB },
  ];
});

afterAll(async () => {
  for (const store of stores) await store.close();
  await database?.drop();
  await emulator?.close();
});

const request = (type: DataType) => ({ type, range: RANGE, participants: cohort });

/** A column's values as the SQLite view holds them, in a form both readers' answers are brought to. */
type Plain = string | number | boolean | null;

/** The rows `label`'s own history holds, queried from its view, `cohortColumns` in order, sorted by id. */
function viewRows(type: DataType, label: string, columns: ViewColumn[]): Plain[][] {
  const member = cohort.find((p) => p.label === label);
  if (!member || label === 'p-02') return [];
  const names = columns.slice(1).map((c) => `"${c.name}"`);
  const where = type === 'personal_info' ? '' : ' WHERE day BETWEEN ? AND ?';
  const rows = queryHistory<Record<string, Plain>>(
    member.file,
    `SELECT ${names.join(', ')} FROM "${type}"${where} ORDER BY id`,
    ...(where ? [RANGE.start, RANGE.end] : []),
  );
  return rows.map((row) => [
    label,
    ...columns.slice(1).map((c) => {
      const value = row[c.name] ?? null;
      return c.type === 'BOOLEAN' && value !== null ? Boolean(value) : value;
    }),
  ]);
}

function expectedRows(type: DataType): Plain[][] {
  const columns = cohortColumns(type);
  return cohort.flatMap(({ label }) => viewRows(type, label, columns));
}

/** Rows sorted by participant, then id: the view's order, whatever order a store reads in. */
const byParticipantAndId = (rows: Plain[][]) =>
  [...rows].sort((x, y) =>
    String(x[0]) === String(y[0])
      ? String(x[1]) < String(y[1])
        ? -1
        : 1
      : String(x[0]) < String(y[0])
        ? -1
        : 1,
  );

async function collect<T>(chunks: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const chunk of chunks) out.push(chunk);
  return out;
}

/** The chunks as one file (a small Buffer.concat answers a slice of a shared pool). */
function fileOf(chunks: Uint8Array[]): ArrayBuffer {
  const bytes = Buffer.concat(chunks);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

async function parquetFile(type: DataType, rowGroupRows?: number): Promise<ArrayBuffer> {
  const chunks = await collect(
    cohortParquet(request(type), rowGroupRows === undefined ? {} : { rowGroupRows }),
  );
  return fileOf(chunks);
}

/** A CSV cell back to the view's value: the column's type says how to read its text. */
function fromCsv(column: ViewColumn, text: string): Plain {
  if (text === '') return null;
  if (column.type === 'INTEGER' || column.type === 'REAL') return Number(text);
  if (column.type === 'BOOLEAN') return text === 'true';
  // Text a spreadsheet would run as a formula is written behind a quote.
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

describe("a cohort's export", () => {
  it('has a participant column, then the columns of oura export, without an email', () => {
    expect(cohortColumns('daily_sleep').map((c) => c.name)).toEqual([
      'participant',
      'id',
      'day',
      'doc',
      'score',
      'deep_sleep',
      'efficiency',
      'rem_sleep',
      'total_sleep',
      'timestamp',
    ]);
    expect(cohortColumns('heartrate').map((c) => c.name)).toEqual([
      'participant',
      'id',
      'day',
      'timestamp',
      'bpm',
      'source',
    ]);
    const info = cohortColumns('personal_info').map((c) => c.name);
    expect(info).toEqual(['participant', 'day', 'age', 'weight', 'height', 'biological_sex']);
  });

  for (const type of TYPES) {
    it(`CSV of ${type}: every participant's rows as their own history's view holds them`, async () => {
      const columns = cohortColumns(type);
      const text = (await collect(cohortCsv(request(type)))).join('');
      const [header, ...rows] = parseCsv(text);
      expect(header).toEqual(columns.map((c) => c.name));
      const read = rows.map((row) => row.map((cell, i) => fromCsv(columns[i] as ViewColumn, cell)));
      const expected = expectedRows(type);
      expect(expected.filter((row) => row[0] === 'p-01').length).toBeGreaterThan(0);
      expect(expected.filter((row) => row[0] === 'p-03').length).toBeGreaterThan(0);
      expect(byParticipantAndId(read)).toEqual(expected);
      // Participant by participant, in the order given; the one without data has no row.
      const labels = read.map((row) => row[0]);
      expect([...new Set(labels)]).toEqual(['p-01', 'p-03']);
      expect(labels.lastIndexOf('p-01')).toBeLessThan(labels.indexOf('p-03'));
    });

    it(`Parquet of ${type}: the same rows, typed as oura export types them`, async () => {
      const columns = cohortColumns(type);
      const file = await parquetFile(type);
      const schema = parquetMetadata(file).schema.slice(1);
      expect(schema.map((s) => s.name)).toEqual(columns.map((c) => c.name));
      const objects = (await parquetReadObjects({ file })) as Record<string, unknown>[];
      const read = objects.map((row) =>
        columns.map(({ name }): Plain => {
          const value = row[name];
          if (typeof value === 'bigint') return Number(value);
          // A DATE comes back as that day's UTC midnight.
          if (value instanceof Date) return value.toISOString().slice(0, 10);
          return (value ?? null) as Plain;
        }),
      );
      expect(byParticipantAndId(read)).toEqual(expectedRows(type));
      expect([...new Set(read.map((row) => row[0]))]).toEqual(['p-01', 'p-03']);
    });
  }

  it('Parquet types: days are DATEs, counts INT64, booleans BOOLEAN, the participant a string', async () => {
    const schema = parquetMetadata(await parquetFile('ring_battery_level')).schema;
    const of = (name: string) => schema.find((s) => s.name === name);
    expect(of('participant')).toMatchObject({ type: 'BYTE_ARRAY', converted_type: 'UTF8' });
    expect(of('day')).toMatchObject({ type: 'INT32', logical_type: { type: 'DATE' } });
    expect(of('level')).toMatchObject({ type: 'INT64' });
    expect(of('charging')).toMatchObject({ type: 'BOOLEAN' });
  });

  it('streams: bytes leave before the next participant is read, a row group at a time', async () => {
    const events: string[] = [];
    const watched = cohort.map((p) => ({
      label: p.label,
      reader: {
        ...p.reader,
        documents: (...args: Parameters<StoredHistoryReader['documents']>) => {
          events.push(`read ${p.label}`);
          return p.reader.documents(...args);
        },
      } as StoredHistoryReader,
    }));
    const watchedRequest = { type: 'heartrate' as const, range: RANGE, participants: watched };
    const chunks: Uint8Array[] = [];
    for await (const chunk of cohortParquet(watchedRequest, { rowGroupRows: 2000 })) {
      events.push('bytes');
      chunks.push(chunk);
    }
    expect(events.indexOf('bytes')).toBeGreaterThan(-1);
    expect(events.indexOf('bytes')).toBeLessThan(events.indexOf('read p-03'));
    const file = fileOf(chunks);
    const groups = parquetMetadata(file).row_groups;
    expect(groups.length).toBeGreaterThan(2);
    const rows = (await parquetReadObjects({ file })) as Record<string, unknown>[];
    expect(rows.length).toBe(expectedRows('heartrate').length);

    events.length = 0;
    for await (const _ of cohortCsv(watchedRequest)) events.push('text');
    expect(events.indexOf('text', 1)).toBeLessThan(events.indexOf('read p-03'));
  });

  it('goes out over a socket as it is made: a chunked HTTP answer, read back whole', async () => {
    const server = createServer((req, res) => {
      const csv = req.url === '/sleep.csv';
      res.setHeader('content-type', csv ? 'text/csv' : 'application/vnd.apache.parquet');
      const body = csv ? cohortCsv(request('sleep')) : cohortParquet(request('sleep'));
      pipeline(Readable.from(body), res).catch(() => res.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const parquet = await fetch(`${base}/sleep.parquet`);
      expect(parquet.headers.get('transfer-encoding')).toBe('chunked');
      const file = await parquet.arrayBuffer();
      const rows = (await parquetReadObjects({ file })) as Record<string, unknown>[];
      const read = rows.map((row) => [row.participant, row.id] as Plain[]);
      expect(byParticipantAndId(read)).toEqual(expectedRows('sleep').map((row) => row.slice(0, 2)));
      const csv = parseCsv(await (await fetch(`${base}/sleep.csv`)).text());
      expect(csv.length - 1).toBe(rows.length);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('an empty cohort, or one with no data, is a header alone and a valid empty file', async () => {
    const none = { type: 'daily_sleep' as const, range: RANGE, participants: [] };
    expect((await collect(cohortCsv(none))).join('')).toBe(
      `${cohortColumns('daily_sleep')
        .map((c) => c.name)
        .join(',')}\r\n`,
    );
    const file = fileOf(await collect(cohortParquet(none)));
    expect(parquetMetadata(file).num_rows).toBe(0n);
    expect(await parquetReadObjects({ file })).toEqual([]);
  });

  it('refuses, before reading anyone, a label that is an email, empty or given twice, and a range that is not one', async () => {
    const reader = cohort[0]?.reader as StoredHistoryReader;
    for (const [participants, range, message] of [
      [[{ label: 'ann@example.com', reader }], RANGE, 'pseudonymous'],
      [[{ label: ' ', reader }], RANGE, 'pseudonymous'],
      [
        [
          { label: 'p-01', reader },
          { label: 'p-01', reader },
        ],
        RANGE,
        'listed twice',
      ],
      [[{ label: 'p-01', reader }], { start: '2025-06-14', end: '2025-06-01' }, 'not a range'],
    ] as const) {
      const rows = cohortRows({ type: 'sleep', range, participants });
      await expect(rows.next(), message).rejects.toThrow(message);
    }
  });
});
