/**
 * A backfill window's heart-rate samples go in by multi-row statements (200
 * rows, then powers of two for the rest; a usual sample binds its source's
 * code). Whatever the count and the mix of usual and unusual samples, the
 * rows stored are the samples given, each once, with their own source.
 */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openForWrite } from '../src/history/database.js';
import type { SampleRow } from '../src/history/heartrate-codec.js';
import { SampleColumnsBuilder } from '../src/history/sample-columns.js';
import { writeWindow } from '../src/history/writer.js';
import { SAMPLE_SOURCES } from '../src/series/heart-rate-page.js';
import { tempDir } from './helpers/temp.js';

const FROM = Date.parse('2025-03-01T00:00:00Z') / 1000;

/** `count` samples 5 s apart; every `oddEvery`-th is of another shape or an unknown source. */
function samples(count: number, oddEvery: number): SampleRow[] {
  return Array.from({ length: count }, (_, i): SampleRow => {
    const ts = FROM + i * 5;
    const source = SAMPLE_SOURCES[i % SAMPLE_SOURCES.length] as string;
    if (oddEvery > 0 && i % oddEvery === oddEvery - 1) {
      return i % 2 === 0
        ? { ts, source: 'lab', bpm: 70, shape: 0, raw: null }
        : { ts, source, bpm: 71, shape: 2, raw: `{"odd":${i}}` };
    }
    return { ts, source, bpm: 40 + (i % 120), shape: 0, raw: null };
  });
}

it.each([
  [1, 0],
  [199, 0],
  [200, 0],
  [457, 0],
  [1000, 0],
  [457, 50],
  [983, 7],
])('%i samples (an unusual one every %i) are stored as given', async (count, oddEvery) => {
  const db = await openForWrite(join(await tempDir('oura-inserts-'), 'h.sqlite'));
  try {
    const given = samples(count, oddEvery);
    const builder = new SampleColumnsBuilder();
    for (const row of given) builder.push(row);
    const span = {
      kind: 'instants',
      start: '2025-03-01',
      end: '2025-03-01',
      fromMs: FROM * 1000,
      toMs: (FROM + 86_400) * 1000,
    } as const;
    const counts = writeWindow(
      db,
      { type: 'heartrate', span, samples: builder.build() },
      { start: '2025-03-01', through: '2025-03-01' },
    );
    expect(counts).toEqual({ inserted: count, updated: 0, deleted: 0 });
    const stored = db
      .prepare('SELECT ts, source, bpm, shape, raw FROM heartrate_samples ORDER BY ts')
      .all();
    expect(stored).toEqual(given);
  } finally {
    db.close();
  }
});
