/**
 * Which local days of a range hold data of some types, read from the days
 * the history keeps (its indexes), never from the documents: a page listing
 * hundreds of people asks this of each. The SQLite side; the PostgreSQL
 * reader says the same in its dialect (`postgres/pg-reader.ts`).
 */
import { addDays, type DayRange, startOfLocalDay } from '../calendar/days.js';
import type { DataType } from '../oura/data-types.js';
import type { Db } from './database.js';

/** Heart-rate samples' bounds for `range` in epoch seconds, as they are stored: [from, to). */
export function sampleSeconds(range: DayRange): [number, number] {
  return [
    Math.ceil(startOfLocalDay(range.start).getTime() / 1000),
    Math.ceil(startOfLocalDay(addDays(range.end, 1)).getTime() / 1000),
  ];
}

export function daysWithData(db: Db, types: readonly DataType[], range: DayRange): string[] {
  const documentTypes = types.filter((type) => type !== 'heartrate');
  const hasSamples = types.includes('heartrate');
  // A sample's day is local, as the heartrate view's is; the documents' days were made so.
  const sql = `SELECT day FROM documents
    WHERE type IN (SELECT value FROM json_each(?)) AND day BETWEEN ? AND ?${
      hasSamples
        ? ` UNION SELECT date(ts, 'unixepoch', 'localtime') FROM heartrate_samples
            WHERE ts >= ? AND ts < ?`
        : ''
    } ORDER BY 1`;
  const params = [JSON.stringify(documentTypes), range.start, range.end];
  return db
    .prepare(sql)
    .pluck()
    .all(...params, ...(hasSamples ? sampleSeconds(range) : [])) as string[];
}
