/**
 * A backfill window's heart-rate samples go in by multi-row statements (200
 * rows, then powers of two for the rest; a usual sample binds its source's
 * code). Whatever the count and the mix of usual and unusual samples, the
 * rows stored are the samples given, each once, with their own source.
 */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { type Db, openForWrite } from '../src/history/database.js';
import type { SampleRow } from '../src/history/heartrate-codec.js';
import { SampleColumnsBuilder } from '../src/history/sample-columns.js';
import { writeWindow } from '../src/history/writer.js';
import { SAMPLE_SOURCES } from '../src/series/heart-rate-page.js';
import { tempDir } from './helpers/temp.js';

const FROM = Date.parse('2025-03-01T00:00:00Z') / 1000;

/**
 * `count` samples 5 s apart from `first`; every `oddEvery`-th is unusual: in
 * turn from an unknown source and of another shape (kept as its JSON).
 */
function samples(first: number, count: number, oddEvery: number): SampleRow[] {
  let odd = 0;
  return Array.from({ length: count }, (_, i): SampleRow => {
    const ts = first + i * 5;
    const source = SAMPLE_SOURCES[i % SAMPLE_SOURCES.length] as string;
    if (oddEvery > 0 && i % oddEvery === oddEvery - 1) {
      return odd++ % 2 === 0
        ? { ts, source: 'lab', bpm: 70, shape: 0, raw: null }
        : { ts, source, bpm: 71, shape: 2, raw: `{"odd":${i}}` };
    }
    return { ts, source, bpm: 40 + (i % 120), shape: 0, raw: null };
  });
}

/** Writes `rows` as a new window of one day starting at `first` (epoch seconds). */
function writeDay(db: Db, first: number, rows: SampleRow[]) {
  const builder = new SampleColumnsBuilder();
  for (const row of rows) builder.push(row);
  const day = new Date(first * 1000).toISOString().slice(0, 10);
  const span = {
    kind: 'instants',
    start: day,
    end: day,
    fromMs: first * 1000,
    toMs: (first + 86_400) * 1000,
  } as const;
  return writeWindow(
    db,
    { type: 'heartrate', span, samples: builder.build() },
    { start: day, through: day },
  );
}

const stored = (db: Db) =>
  db.prepare('SELECT ts, source, bpm, shape, raw FROM heartrate_samples ORDER BY ts').all();

it.each([
  [1, 0],
  [199, 0],
  [200, 0],
  [457, 0],
  [1000, 0],
  [457, 50],
  [983, 7],
])(
  '%i samples, an unusual one every %i (0: none), are stored as given',
  async (count, oddEvery) => {
    const db = await openForWrite(join(await tempDir('oura-inserts-'), 'h.sqlite'));
    try {
      const given = samples(FROM, count, oddEvery);
      expect(writeDay(db, FROM, given)).toEqual({ inserted: count, updated: 0, deleted: 0 });
      expect(stored(db)).toEqual(given);
    } finally {
      db.close();
    }
  },
);

it('windows written one after another on a connection (its statements kept) are each stored as given', async () => {
  const db = await openForWrite(join(await tempDir('oura-inserts-'), 'h.sqlite'));
  try {
    const windows = [
      [457, 0],
      [983, 7],
      [457, 0],
      [200, 3],
      [983, 0],
    ].map(([count, oddEvery], day) => samples(FROM + day * 86_400, count ?? 0, oddEvery ?? 0));
    windows.forEach((rows, day) => {
      expect(writeDay(db, FROM + day * 86_400, rows)).toEqual({
        inserted: rows.length,
        updated: 0,
        deleted: 0,
      });
    });
    expect(stored(db)).toEqual(windows.flat());
  } finally {
    db.close();
  }
});
