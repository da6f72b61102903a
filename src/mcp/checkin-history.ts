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
import type { HistoryReader } from '../history/history.js';
import type { CheckinSources } from './checkin.js';

/** What `fetchCheckinSources` gets from `list` with the check-in's fields, from the columns. */
export function checkinSourcesFromHistory(read: HistoryReader, range: DayRange): CheckinSources {
  return {
    dailySleep: read.columns('daily_sleep', ['score'], range),
    sleep: read.columns(
      'sleep',
      ['type', 'total_sleep_duration', 'lowest_heart_rate', 'average_hrv'],
      range,
    ),
    // The check-in reads one contributor; its column is `hrv_balance` ($.contributors.hrv_balance).
    readiness: read
      .columns('daily_readiness', ['score', 'hrv_balance', 'temperature_deviation'], range)
      .map((row) => ({
        day: row.day,
        score: row.score,
        temperature_deviation: row.temperature_deviation,
        contributors: { hrv_balance: row.hrv_balance },
      })),
    activity: read.columns('daily_activity', ['score', 'steps'], range),
  };
}
