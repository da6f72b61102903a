/**
 * Heart-rate windows written to a PostgreSQL schema store the same rows and
 * count the same as the SQLite writer, whichever way the PostgreSQL writer
 * takes: a first window of Oura's usual samples goes straight from the
 * columns; one with a sample of its own JSON, an unknown source, a repeated
 * sample or two sources at one instant goes the general way.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openForWrite } from '../src/history/database.js';
import type { SampleRow } from '../src/history/heartrate-codec.js';
import { migrateSchema } from '../src/history/postgres/pg-open.js';
import { postgresWriter } from '../src/history/postgres/pg-writer.js';
import { SampleColumnsBuilder } from '../src/history/sample-columns.js';
import type { HistoryWriter } from '../src/history/store-contract.js';
import { inThreadWriter } from '../src/history/window-writer.js';
import type { WindowWrite } from '../src/history/writer.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from './helpers/postgres.js';
import { describeOrSkip } from './helpers/requirements.js';
import { tempDir } from './helpers/temp.js';

const hasPostgres = await postgresAvailable();
let database: TestDatabase | undefined;

beforeAll(async () => {
  if (hasPostgres) database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

const DAY_MS = 86_400_000;
const FIRST = Date.parse('2025-03-01T00:00:00Z');

/** A day's window of heart rate, `day` days after the first. */
function window(day: number, rows: (start: number) => SampleRow[]): WindowWrite {
  const fromMs = FIRST + day * DAY_MS;
  const builder = new SampleColumnsBuilder();
  for (const row of rows(fromMs / 1000)) builder.push(row);
  const date = new Date(fromMs).toISOString().slice(0, 10);
  return {
    type: 'heartrate',
    span: { kind: 'instants', start: date, end: date, fromMs, toMs: fromMs + DAY_MS },
    samples: builder.build(),
  };
}

const usual = (ts: number, bpm: number, source = 'awake'): SampleRow => ({
  ts,
  source,
  bpm,
  shape: 0,
  raw: null,
});

const WINDOWS: WindowWrite[] = [
  // Oura's usual samples: straight from the columns.
  window(0, (start) =>
    Array.from({ length: 288 }, (_, i) =>
      usual(start + i * 300, 50 + (i % 40), i < 96 ? 'sleep' : 'rest'),
    ),
  ),
  // A sample keeping its JSON, and a source this build does not know.
  window(1, (start) => [
    usual(start, 61),
    { ts: start + 300, source: 'awake', bpm: 62, shape: 2, raw: '{"bpm":62,"note":"odd"}' },
    usual(start + 600, 63, 'ecg'),
  ]),
  // A sample listed twice: the last one is kept.
  window(2, (start) => [usual(start, 70), usual(start + 300, 71), usual(start + 300, 72)]),
  // Two sources at one instant: both are kept.
  window(3, (start) => [usual(start, 80, 'rest'), usual(start, 81, 'workout')]),
  // Instants out of order.
  window(4, (start) => [usual(start + 600, 90), usual(start, 91)]),
  // Oura's usual samples again, over the first window: a revision and a removal.
  window(0, (start) =>
    Array.from({ length: 287 }, (_, i) =>
      usual(start + i * 300, i === 5 ? 120 : 50 + (i % 40), i < 96 ? 'sleep' : 'rest'),
    ),
  ),
];

async function writeAll(writer: HistoryWriter) {
  const counts = [];
  for (const write of WINDOWS) {
    counts.push(await writer.write(write, { start: '2025-03-01', through: '2025-03-05' }));
  }
  await writer.close();
  return counts;
}

describeOrSkip(
  hasPostgres,
  'PostgreSQL is not reachable',
  'heart-rate windows on PostgreSQL',
  () => {
    it('store the rows and counts the SQLite writer stores', async () => {
      const db = await openForWrite(`${await tempDir('oura-samples-')}/history.sqlite`);
      const sqliteCounts = await writeAll(inThreadWriter(db));
      const sqliteRows = db
        .prepare('SELECT ts, source, bpm, shape, raw FROM heartrate_samples ORDER BY ts, source')
        .all();
      db.close();

      const pool = (database as TestDatabase).pool(2);
      await migrateSchema(pool, 'person_samples');
      const pgCounts = await writeAll(postgresWriter(pool, 'person_samples'));
      const pgRows = await pool.query(
        'SELECT ts::float8 AS ts, source, bpm, shape, raw FROM person_samples.heartrate_samples ORDER BY ts, source COLLATE "C"',
      );
      await pool.end();

      expect(pgCounts).toEqual(sqliteCounts);
      expect(pgRows.rows).toEqual(sqliteRows);
      expect(pgRows.rows).toHaveLength(287 + 3 + 2 + 2 + 2);
      expect(pgCounts[0]).toEqual({ inserted: 288, updated: 0, deleted: 0 });
      expect(pgCounts.at(-1)).toEqual({ inserted: 0, updated: 1, deleted: 1 });
    });
  },
);
