/**
 * The check-in's fields read from the history's typed columns rather than
 * projected out of each document. Documents are JSON text (so any SQLite reads
 * the file), and projecting fields parses a whole document: a year of
 * daily_activity and sleep is ~4 MB of JSON, most of the check-in's time. The
 * columns hold the same values (SQLite's json_extract of the same fields, when
 * the document was written), in the same rows and order as `listLocal` gives
 * them: by day, then as Oura listed them.
 */
import type { DayRange } from '../calendar/days.js';
import type { Db } from '../history/database.js';
import { type DocumentType, storedColumn } from '../history/schema.js';
import type { CheckinSources } from './checkin.js';

type Row = Record<string, unknown>;

/** `type`'s documents in `range` with `columns` (view columns), as objects with `day`. */
function rows(db: Db, type: DocumentType, columns: readonly string[], range: DayRange): Row[] {
  const select = columns.map((name) => `${storedColumn(type, name)} AS "${name}"`).join(', ');
  return db
    .prepare(
      `SELECT day, ${select} FROM documents WHERE type = ? AND day BETWEEN ? AND ? ORDER BY day, ord`,
    )
    .all(type, range.start, range.end) as Row[];
}

/** What `fetchCheckinSources` gets from `list` with the check-in's fields, from the columns. */
export function checkinSourcesFromHistory(db: Db, range: DayRange): CheckinSources {
  return {
    dailySleep: rows(db, 'daily_sleep', ['score'], range),
    sleep: rows(
      db,
      'sleep',
      ['type', 'total_sleep_duration', 'lowest_heart_rate', 'average_hrv'],
      range,
    ),
    // The check-in reads one contributor; its column is `hrv_balance` ($.contributors.hrv_balance).
    readiness: rows(
      db,
      'daily_readiness',
      ['score', 'hrv_balance', 'temperature_deviation'],
      range,
    ).map(({ hrv_balance, ...row }) => ({ ...row, contributors: { hrv_balance } })),
    activity: rows(db, 'daily_activity', ['score', 'steps'], range),
  };
}
