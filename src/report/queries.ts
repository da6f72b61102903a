/**
 * What the report reads from the history: one row per day and type, taken
 * from the public views (`oura sql --schema`), never from the private tables,
 * so the report keeps working while the storage underneath changes.
 */
import type { DayRange } from '../calendar/days.js';
import type { HistoryReader } from '../history/history.js';
import { HourHistogram } from './hours.js';

export interface NightRow {
  day: string;
  bedtime_start: string | null;
  bedtime_end: string | null;
  total: number | null;
  deep: number | null;
  rem: number | null;
  light: number | null;
  awake: number | null;
  efficiency: number | null;
  lowest_hr: number | null;
  hrv: number | null;
}

export interface WorkoutRow {
  day: string;
  activity: string | null;
  intensity: string | null;
  calories: number | null;
  minutes: number | null;
}

export type DayValues = Map<string, number | null>;

/** Everything the report shows, for `range` (which includes the comparison period). */
export interface HistoryData {
  sleepScore: DayValues;
  readinessScore: DayValues;
  activityScore: DayValues;
  steps: DayValues;
  activeCalories: DayValues;
  /** The main sleep of each day: the longest period, so naps do not count as nights. */
  nights: NightRow[];
  workouts: WorkoutRow[];
  stressHigh: DayValues;
  recoveryHigh: DayValues;
  resilience: Map<string, string | null>;
  spo2: DayValues;
  breathingDisturbance: DayValues;
  vascularAge: DayValues;
  vo2Max: DayValues;
  /** Heart-rate samples counted per hour of day and bpm: [hour, bpm, count]. */
  heartRateHistogram: [number, number, number][];
}

function perDay<T>(
  read: HistoryReader,
  view: string,
  column: string,
  range: DayRange,
): Map<string, T | null> {
  // One value per day even if a day has two documents (Oura sometimes sends a revision beside the old one).
  return new Map(
    read.rawRows<[string, T | null]>(
      `SELECT day, ${column} AS value FROM "${view}" WHERE day BETWEEN ? AND ? GROUP BY day ORDER BY day`,
      range.start,
      range.end,
    ),
  );
}

function nights(read: HistoryReader, range: DayRange): NightRow[] {
  return read.all<NightRow>(
    `SELECT day, bedtime_start, bedtime_end, total_sleep_duration AS total,
        deep_sleep_duration AS deep, rem_sleep_duration AS rem, light_sleep_duration AS light,
        awake_time AS awake, efficiency, lowest_heart_rate AS lowest_hr, average_hrv AS hrv
      FROM (SELECT *, row_number() OVER (PARTITION BY day ORDER BY total_sleep_duration DESC) AS n
        FROM sleep WHERE day BETWEEN ? AND ?)
      WHERE n = 1 ORDER BY day`,
    range.start,
    range.end,
  );
}

function workouts(read: HistoryReader, range: DayRange): WorkoutRow[] {
  return read.all<WorkoutRow>(
    `SELECT day, activity, intensity, calories,
        round((julianday(end_datetime) - julianday(start_datetime)) * 1440) AS minutes
      FROM workout WHERE day BETWEEN ? AND ? ORDER BY day, start_datetime`,
    range.start,
    range.end,
  );
}

/**
 * Heart rate is the big series (288 samples a day and more): the report keeps
 * 24 small histograms instead of the samples. The text bounds only narrow the
 * scan (the view's local `day` costs a time-zone conversion per row); the
 * histogram decides each sample's local day exactly.
 */
function heartRateHistogram(read: HistoryReader, range: DayRange): [number, number, number][] {
  const histogram = new HourHistogram(range);
  const rows = read.rawRows<[string, number]>(
    'SELECT timestamp, bpm FROM heartrate WHERE timestamp >= ? AND timestamp < ?',
    ...HourHistogram.looseBounds(range),
  );
  for (const [timestamp, bpm] of rows) histogram.add(timestamp, bpm);
  return histogram.cells();
}

/**
 * Reads `range` and, for the header's comparison, the days from `from` on;
 * heart rate (the costly read) only for `range`.
 */
export function readHistory(read: HistoryReader, range: DayRange, from: string): HistoryData {
  const wide = { start: from < range.start ? from : range.start, end: range.end };
  return {
    sleepScore: perDay(read, 'daily_sleep', 'max(score)', wide),
    readinessScore: perDay(read, 'daily_readiness', 'max(score)', wide),
    activityScore: perDay(read, 'daily_activity', 'max(score)', wide),
    steps: perDay(read, 'daily_activity', 'max(steps)', wide),
    activeCalories: perDay(read, 'daily_activity', 'max(active_calories)', wide),
    nights: nights(read, wide),
    workouts: workouts(read, wide),
    stressHigh: perDay(read, 'daily_stress', 'max(stress_high)', wide),
    recoveryHigh: perDay(read, 'daily_stress', 'max(recovery_high)', wide),
    resilience: perDay(read, 'daily_resilience', 'max(level)', wide),
    spo2: perDay(read, 'daily_spo2', 'max(spo2_average)', wide),
    breathingDisturbance: perDay(read, 'daily_spo2', 'max(breathing_disturbance_index)', wide),
    vascularAge: perDay(read, 'daily_cardiovascular_age', 'max(vascular_age)', wide),
    vo2Max: perDay(read, 'vO2_max', 'max(vo2_max)', wide),
    heartRateHistogram: heartRateHistogram(read, range),
  };
}
