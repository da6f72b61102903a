/**
 * The per-day figures every insight reads, pulled once from the documents:
 * the night's main sleep period, total sleep, scores, temperature and load.
 * A night belongs to the day Oura files it under, the day one wakes up.
 */

import type { OuraDocument } from '../api/types.js';
import type { Day } from '../calendar/days.js';
import type { InsightDocuments } from './source.js';

type Sleep = OuraDocument<'sleep'>;

/**
 * The main sleep of each day: its longest `long_sleep` period, else its
 * longest period of any type (time in bed decides; naps are shorter).
 */
export function mainSleeps<S extends Pick<Sleep, 'day' | 'type' | 'time_in_bed'>>(
  sleeps: readonly S[],
): Map<Day, S> {
  const rank = (s: S) => [s.type === 'long_sleep' ? 1 : 0, s.time_in_bed ?? 0] as const;
  const main = new Map<Day, S>();
  for (const sleep of sleeps) {
    const current = main.get(sleep.day);
    if (!current) {
      main.set(sleep.day, sleep);
      continue;
    }
    const [kindA, bedA] = rank(sleep);
    const [kindB, bedB] = rank(current);
    if (kindA > kindB || (kindA === kindB && bedA > bedB)) main.set(sleep.day, sleep);
  }
  return main;
}

/** The daily metrics insights compare and correlate. */
export const DAILY_METRICS = [
  'sleep_score',
  'readiness_score',
  'activity_score',
  'steps',
  'active_calories',
  'total_sleep_hours',
  'average_hrv',
  'lowest_heart_rate',
  'temperature_deviation',
] as const;

export type DailyMetric = (typeof DAILY_METRICS)[number];

/** Each metric's value per day; a day without the value is absent. */
export type DailySeries = Record<DailyMetric, Map<Day, number>>;

function put(series: Map<Day, number>, day: Day, value: number | null | undefined): void {
  if (typeof value === 'number' && Number.isFinite(value)) series.set(day, value);
}

/**
 * Total sleep per day, in hours: the sum over every sleep period filed under
 * the day (the night and any naps).
 */
export function totalSleepHours(sleeps: readonly Sleep[]): Map<Day, number> {
  const seconds = new Map<Day, number>();
  for (const sleep of sleeps) {
    if (typeof sleep.total_sleep_duration !== 'number') continue;
    seconds.set(sleep.day, (seconds.get(sleep.day) ?? 0) + sleep.total_sleep_duration);
  }
  return new Map([...seconds].map(([day, s]) => [day, s / 3600]));
}

/** Every daily metric from the documents. HRV and lowest heart rate are the main sleep's. */
export function dailySeries(docs: InsightDocuments): DailySeries {
  const series = Object.fromEntries(DAILY_METRICS.map((m) => [m, new Map()])) as DailySeries;
  for (const doc of docs.daily_sleep) put(series.sleep_score, doc.day, doc.score);
  for (const doc of docs.daily_readiness) {
    put(series.readiness_score, doc.day, doc.score);
    put(series.temperature_deviation, doc.day, doc.temperature_deviation);
  }
  for (const doc of docs.daily_activity) {
    put(series.activity_score, doc.day, doc.score);
    put(series.steps, doc.day, doc.steps);
    put(series.active_calories, doc.day, doc.active_calories);
  }
  for (const [day, sleep] of mainSleeps(docs.sleep)) {
    put(series.average_hrv, day, sleep.average_hrv);
    put(series.lowest_heart_rate, day, sleep.lowest_heart_rate);
  }
  series.total_sleep_hours = totalSleepHours(docs.sleep);
  return series;
}
