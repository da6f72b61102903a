/**
 * The worker-thread window writer (what `oura sync` and the MCP server use)
 * against the in-thread one, on real files: the same windows give the same
 * rows, a failing window reports SQLite's error code (the CLI's full-disk
 * message depends on it) and rolls back whole, and the writer goes on.
 * The worker is the built one: it runs as JavaScript.
 */
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type * as WriterModule from '../dist/history/window-writer.js';
import { nowMs } from '../src/clock.js';
import { type Db, openForWrite } from '../src/history/database.js';
import { REBUILD_HINT } from '../src/history/errors.js';
import type { SampleRow } from '../src/history/heartrate-codec.js';
import { rowAt, type SampleColumns, SampleColumnsBuilder } from '../src/history/sample-columns.js';
import type { StateAdvance, WindowWrite } from '../src/history/writer.js';
import { tempDir } from './helpers/temp.js';

const { inThreadWriter, workerWriter }: typeof WriterModule = await import(
  '../dist/history/window-writer.js'
);

function columnsOf(rows: SampleRow[]): SampleColumns {
  const builder = new SampleColumnsBuilder();
  for (const row of rows) builder.push(row);
  return builder.build();
}

const day = (n: number) => `2025-03-${String(n).padStart(2, '0')}`;

/** Three daily windows, a heart-rate window, and a revision of the first of each. */
function windows(): [WindowWrite, StateAdvance][] {
  const sleep = (first: number, score: number) =>
    Array.from({ length: 5 }, (_, i) => ({
      id: `daily-sleep-${first + i}`,
      day: day(first + i),
      score: score + i,
    }));
  const daily = (first: number, score: number): [WindowWrite, StateAdvance] => [
    {
      type: 'daily_sleep',
      span: { kind: 'days', start: day(first), end: day(first + 4) },
      docs: sleep(first, score),
      listedFrom: nowMs(),
    },
    { start: day(1), through: day(first + 4) },
  ];
  const from = Date.parse('2025-03-01T00:00:00Z');
  const samples = Array.from(
    { length: 288 },
    (_, i): SampleRow => ({
      ts: from / 1000 + i * 300,
      source: i < 96 ? 'sleep' : 'awake',
      bpm: 50 + (i % 40),
      shape: 0,
      raw: null,
    }),
  );
  const heartRate = (rows: SampleRow[]): [WindowWrite, StateAdvance] => [
    {
      type: 'heartrate',
      span: { kind: 'instants', start: day(1), end: day(1), fromMs: from, toMs: from + 86_400_000 },
      samples: columnsOf(rows),
    },
    { start: day(1), through: day(1) },
  ];
  // The revision: the first sample's bpm changes, the last one is gone.
  const revised = [{ ...(samples[0] as SampleRow), bpm: 99 }, ...samples.slice(1, -1)];
  return [
    daily(1, 70),
    daily(6, 75),
    daily(11, 80),
    heartRate(samples),
    daily(1, 60),
    heartRate(revised),
  ];
}

const dump = (db: Db) => ({
  documents: db.prepare('SELECT type, id, day, hash, doc FROM documents ORDER BY id').all(),
  samples: db.prepare('SELECT * FROM heartrate_samples ORDER BY ts').all(),
  state: db.prepare('SELECT type, start_day, through_day FROM sync_state ORDER BY type').all(),
});

describe('window writer', () => {
  it('the worker writes the same rows and counts as this thread', async () => {
    const dir = await tempDir('oura-writer-');
    const results = [];
    for (const kind of ['thread', 'worker'] as const) {
      const path = join(dir, `${kind}.sqlite`);
      const db = await openForWrite(path);
      const writer = kind === 'worker' ? await workerWriter(path) : inThreadWriter(db);
      const counts = [];
      for (const [write, state] of windows()) counts.push(await writer.write(write, state));
      await writer.close();
      results.push({ counts, rows: dump(db) });
      db.close();
    }
    const [thread, worker] = results;
    expect(worker).toEqual(thread);
    expect(worker?.counts.slice(3)).toEqual([
      { inserted: 288, updated: 0, deleted: 0 },
      { inserted: 0, updated: 5, deleted: 0 },
      { inserted: 0, updated: 1, deleted: 1 },
    ]);
    expect(worker?.rows.samples).toHaveLength(287);
  });

  it("a failing window comes back with SQLite's code, is rolled back whole, and the writer goes on", async () => {
    const path = join(await tempDir('oura-writer-'), 'history.sqlite');
    const db = await openForWrite(path);
    const writer = await workerWriter(path);
    const [first, second] = windows();
    if (!first || !second) throw new Error('no windows');
    try {
      const state = first[1];
      // A NOT NULL column refuses the last row (NaN binds as NULL): the window fails inside SQLite, after 288 good rows.
      const heartRate = windows()[3]?.[0] as WindowWrite & { type: 'heartrate' };
      const rows = Array.from({ length: heartRate.samples.count }, (_, i) =>
        rowAt(heartRate.samples, i),
      );
      const nullSample = {
        ...heartRate,
        samples: columnsOf([
          ...rows,
          { ts: Number.NaN, source: 'awake', bpm: 60, shape: 0, raw: null },
        ]),
      };
      await expect(writer.write(nullSample, state)).rejects.toMatchObject({
        code: 'SQLITE_CONSTRAINT_NOTNULL',
      });
      expect(db.prepare('SELECT count(*) AS n FROM heartrate_samples').get()).toEqual({ n: 0 });
      expect(db.prepare('SELECT type FROM sync_state').all()).toEqual([]);
      expect(await writer.write(...second)).toEqual({ inserted: 5, updated: 0, deleted: 0 });
    } finally {
      await writer.close();
    }
    await expect(writer.write(...second)).rejects.toThrow(/closed/);
    expect(db.prepare('SELECT count(*) AS n FROM documents').get()).toEqual({ n: 5 });
    db.close();
  });

  it('check() reads the whole file: a damaged page is named with the way out, and nothing more is written', async () => {
    const dir = await tempDir('oura-writer-');
    for (const kind of ['thread', 'worker'] as const) {
      const path = join(dir, `${kind}.sqlite`);
      let db = await openForWrite(path);
      const healthy = kind === 'worker' ? await workerWriter(path) : inThreadWriter(db);
      await healthy.check();
      const [first, second] = windows();
      if (!first || !second) throw new Error('no windows');
      await healthy.write(...first);
      await healthy.close();
      // Zero the documents table's page (here its only one) once it is in the main file, not the WAL.
      db.pragma('wal_checkpoint(TRUNCATE)');
      const { root, size } = db
        .prepare(
          "SELECT rootpage AS root, (SELECT page_size FROM pragma_page_size) AS size FROM sqlite_schema WHERE name = 'documents'",
        )
        .get() as { root: number; size: number };
      db.close();
      const file = await open(path, 'r+');
      await file.write(Buffer.alloc(size), 0, size, (root - 1) * size);
      await file.close();

      db = await openForWrite(path);
      const writer = kind === 'worker' ? await workerWriter(path) : inThreadWriter(db);
      try {
        const found = await writer.check().then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(found, kind).toMatchObject({ code: 'HISTORY', hint: REBUILD_HINT });
        expect((found as Error).message).toContain(path);
        // Refused before SQLite is asked: nothing goes into a damaged file.
        await expect(writer.write(...second)).rejects.toMatchObject({ code: 'HISTORY' });
      } finally {
        await writer.close();
        db.close();
      }
    }
  });
});
